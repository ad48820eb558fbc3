use super::*;

#[test]
fn only_terminals_that_draw_images_are_asked() {
    let none = |_: &str| false;
    assert!(!graphics_hinted("xterm-256color", "", none));
    assert!(!graphics_hinted("screen-256color", "tmux", |k| k == "TMUX"));
    assert!(graphics_hinted("xterm-kitty", "", none));
    assert!(graphics_hinted("xterm-256color", "iTerm.app", none));
    assert!(!graphics_hinted("xterm-kitty", "", |k| k == "TMUX"));
}
