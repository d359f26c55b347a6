//! Progress on a terminal, on stderr: one line, rewritten in place, never in piped output.
//! Redrawn when a check's state changes and once a second, so that a long wait (an MX host
//! that takes its time on port 25) shows the seconds going by rather than a frozen line.
//!
//! Every check runs on one thread (the engine's pipeline is not `Send`), so plain cells do.

use mta_sts::export::escape_display;
use mta_sts::pipeline::Observations;
use std::cell::{Cell, RefCell};
use std::io::Write;
use std::time::Instant;

pub struct Progress {
    enabled: bool,
    total: usize,
    done: Cell<usize>,
    /// The domains being checked, each with what it still waits for.
    running: RefCell<Vec<(String, Vec<String>)>>,
    started: Instant,
    /// Whether a line is on the terminal, to be cleared before other output.
    drawn: Cell<bool>,
}

impl Progress {
    pub fn new(enabled: bool, total: usize) -> Progress {
        Progress {
            enabled,
            total,
            done: Cell::new(0),
            running: RefCell::new(Vec::new()),
            started: Instant::now(),
            drawn: Cell::new(false),
        }
    }

    /// A check's state changed: `obs.pending` is what it still waits for.
    pub fn update(&self, obs: &Observations) {
        if !self.enabled {
            return;
        }
        {
            let waiting: Vec<String> = obs.pending.iter().map(ToString::to_string).collect();
            let mut running = self.running.borrow_mut();
            match running.iter_mut().find(|(d, _)| *d == obs.domain) {
                Some(entry) => entry.1 = waiting,
                None => running.push((obs.domain.clone(), waiting)),
            }
        }
        self.draw();
    }

    /// A domain is finished (checked, or skipped as a bad line).
    pub fn finished(&self, domain: Option<&str>) {
        if !self.enabled {
            return;
        }
        self.done.set(self.done.get() + 1);
        if let Some(d) = domain {
            self.running.borrow_mut().retain(|(r, _)| r != d);
        }
    }

    /// Redraws the line with the time gone by (called once a second).
    pub fn tick(&self) {
        if self.enabled && !self.running.borrow().is_empty() {
            self.draw();
        }
    }

    fn draw(&self) {
        let line = line(
            self.total,
            self.done.get(),
            &self.running.borrow(),
            self.started.elapsed().as_secs(),
            terminal_width(),
        );
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[K{line}");
        let _ = err.flush();
        self.drawn.set(true);
    }

    /// Clears the line, before anything else is printed to the terminal.
    pub fn clear(&self) {
        if self.enabled && self.drawn.replace(false) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}

/// The progress line, at most `width - 1` characters: for one domain what it waits for, for a
/// list how far it is and which domains are being checked. Domain names come from the input,
/// so they are shown with control characters made visible.
fn line(
    total: usize,
    done: usize,
    running: &[(String, Vec<String>)],
    secs: u64,
    width: usize,
) -> String {
    let text = match running {
        [(domain, waiting)] if total == 1 => {
            let domain = escape_display(domain);
            if waiting.is_empty() {
                format!("{domain}: judging")
            } else {
                format!("{domain}: {secs} s, waiting for {}", waiting.join(", "))
            }
        }
        _ => {
            let names: Vec<String> = running
                .iter()
                .take(3)
                .map(|(d, _)| escape_display(d))
                .collect();
            let more = running.len().saturating_sub(names.len());
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "[{done}/{total}] {secs} s, checking {}{more}",
                names.join(", ")
            )
        }
    };
    text.chars().take(width.saturating_sub(1)).collect()
}

/// `COLUMNS` when the shell exports it, else 80: no terminal query for a progress line.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 20)
        .unwrap_or(80)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(list: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        list.iter()
            .map(|(d, w)| ((*d).to_owned(), w.iter().map(|s| (*s).to_owned()).collect()))
            .collect()
    }

    #[test]
    fn one_domain_says_what_it_waits_for() {
        let running = run(&[("example.com", &["PROBE policy host and MX hosts"])]);
        assert_eq!(
            line(1, 0, &running, 12, 80),
            "example.com: 12 s, waiting for PROBE policy host and MX hosts"
        );
        assert_eq!(
            line(1, 0, &run(&[("example.com", &[])]), 3, 80),
            "example.com: judging"
        );
    }

    #[test]
    fn a_list_says_how_far_it_is_and_fits_the_terminal() {
        let running = run(&[
            ("a.test", &[]),
            ("b.test", &[]),
            ("c.test", &[]),
            ("d.test", &[]),
        ]);
        assert_eq!(
            line(10, 4, &running, 7, 80),
            "[4/10] 7 s, checking a.test, b.test, c.test and 1 more"
        );
        assert_eq!(line(10, 4, &running, 7, 20).chars().count(), 19);
        // A name from the input cannot drive the terminal.
        let hostile = run(&[("a\x1b[2Jb.test", &[])]);
        assert!(!line(2, 0, &hostile, 0, 80).contains('\x1b'));
    }
}
