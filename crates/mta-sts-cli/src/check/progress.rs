//! Progress on a terminal, on stderr: one line, rewritten in place, never in piped output.
//!
//! Every check runs on one thread (the engine's pipeline is not `Send`), so plain cells do.

use mta_sts::pipeline::Observations;
use std::cell::{Cell, RefCell};
use std::io::Write;
use std::time::Instant;

pub struct Progress {
    enabled: bool,
    total: usize,
    done: Cell<usize>,
    /// The domains being checked, with what they still wait for.
    running: RefCell<Vec<(String, usize)>>,
    started: Instant,
    /// The last line's length, to know what to clear.
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
            let mut running = self.running.borrow_mut();
            match running.iter_mut().find(|(d, _)| *d == obs.domain) {
                Some(entry) => entry.1 = obs.pending.len(),
                None => running.push((obs.domain.clone(), obs.pending.len())),
            }
        }
        self.draw(obs);
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

    fn draw(&self, obs: &Observations) {
        let secs = self.started.elapsed().as_secs();
        let line = if self.total == 1 {
            let waiting: Vec<String> = obs.pending.iter().map(ToString::to_string).collect();
            if waiting.is_empty() {
                format!("{}: judging", obs.domain)
            } else {
                format!(
                    "{}: {secs} s, waiting for {}",
                    obs.domain,
                    waiting.join(", ")
                )
            }
        } else {
            let running = self.running.borrow();
            let names: Vec<&str> = running.iter().take(3).map(|(d, _)| d.as_str()).collect();
            let more = running.len().saturating_sub(names.len());
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "[{}/{}] {secs} s, checking {}{more}",
                self.done.get(),
                self.total,
                names.join(", ")
            )
        };
        let width = terminal_width();
        let line: String = line.chars().take(width.saturating_sub(1)).collect();
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

/// `COLUMNS` when the shell exports it, else 80: no terminal query for a progress line.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 20)
        .unwrap_or(80)
}
