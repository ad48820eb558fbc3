//! A tmux server of a test's own (its own socket), for the console in a
//! real terminal.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    pub fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// The pane of session `t`.
    pub fn capture(&self) -> String {
        self.capture_in("t")
    }

    /// The pane of `session` (named exactly: `=NAME:`, never a prefix or a
    /// window of the current session).
    pub fn capture_in(&self, session: &str) -> String {
        let target = format!("={session}:");
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", &target]).stdout).into_owned()
    }

    pub fn send(&self, keys: &[&str]) {
        self.send_to("t", keys)
    }

    pub fn send_to(&self, session: &str, keys: &[&str]) {
        let target = format!("={session}:");
        let mut args = vec!["send-keys", "-t", &target];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status.success());
    }

    /// Polls the pane of session `t` until `pred` holds (at most 30 s).
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_for_in("t", what, pred)
    }

    pub fn wait_for_in(&self, session: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let pane = self.capture_in(session);
            if pred(&pane) {
                return pane;
            }
            if start.elapsed() > Duration::from_secs(30) {
                panic!("timed out waiting for {what}; pane:\n{pane}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Tmux {
    /// A console in its own session `session`, in a clean English shell
    /// with HOME `home`, connected to the service at `server` (`http://…`) and
    /// signed in as `op` with `pin`.
    pub fn console_on(&self, session: &str, home: &std::path::Path, server: &str, op: &str, pin: &str) {
        let shell = format!(
            "env -i PATH=/usr/bin:/bin HOME={} TERM=xterm-256color LANG=en_US.UTF-8 PS1='ratu-test$ ' bash --norc --noprofile",
            home.display()
        );
        let out = self.cmd(&["new-session", "-d", "-x", "120", "-y", "40", "-s", session, &shell]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        self.wait_for_in(session, "the shell prompt", |p| p.contains("ratu-test$"));
        let bin = env!("CARGO_BIN_EXE_ratu");
        let cmdline = format!(
            "{bin} --data {} --config /nonexistent/ratu.toml --server {server}",
            home.display()
        );
        self.send_to(session, &[&cmdline, "Enter"]);
        self.wait_for_in(session, "the sign-in form", |p| p.contains("Sign in"));
        self.send_to(session, &[op, "Tab", pin, "Enter"]);
        self.wait_for_in(session, "the queues", |p| p.contains(&format!("{op} (")));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

pub fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}
