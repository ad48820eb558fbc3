//! Where the console is: the screen, the focused pane, the help's
//! sections. A leaf: the words (`i18n`), the commands and every screen
//! name these without importing the app.

/// Screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    SignIn,
    Queues,
    NewCase,
    Audit,
    Certs,
    Ca,
    Reports,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Review,
}

/// The headings of the help's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Screen,
    Moving,
    Everywhere,
}
