//! `mta-sts check`: the whole check of one domain or a list, natively, with the same engine,
//! findings and report as the web page; printed for a person or a program.

mod args;
mod input;
mod output;
mod progress;
mod run;
mod state;
mod world;

use crate::text::TextStyle;
use args::{CheckArgs, Format, Parsed, Source};
use input::Entry;
use mta_sts::monitor::compare;
use output::Row;
use progress::Progress;
use run::Outcome;
use state::State;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Runs `mta-sts check` with the arguments after `check`.
pub fn main(args: Vec<OsString>, color: bool) -> ExitCode {
    let args = match args::parse(args) {
        Ok(Parsed::Run(a)) => a,
        Ok(Parsed::Help) => {
            print!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(e) => return usage(&e),
    };
    let entries = match &args.source {
        Source::Args(list) => input::from_args(list),
        Source::File(path) => match input::read_list(path) {
            Ok(text) => input::from_list(&text),
            Err(e) => return usage(&e),
        },
    };
    if entries.is_empty() {
        return usage("the list has no domains in it");
    }
    if matches!(args.source, Source::Args(_)) && entries.iter().all(|e| e.domain.is_err()) {
        let reasons: Vec<String> = entries.iter().map(bad_entry).collect();
        return usage(&reasons.join("\n"));
    }
    // Read before anything is checked: a state file that cannot be read ends the run here,
    // rather than every domain being reported as new.
    let state = match &args.state {
        Some(path) => match State::load(path) {
            Ok(state) => match State::check_writable(path) {
                Ok(()) => Some(state),
                Err(e) => return usage(&format!("--state: {e}")),
            },
            Err(e) => return usage(&format!("--state: {e}")),
        },
        None => None,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return could_not_run(&format!("cannot start: {e}")),
    };
    let world = runtime.block_on(async { world::build(&args) });
    let (resolver, probing) = match world {
        Ok(w) => w,
        Err(e) => return usage(&e),
    };
    let progress = Progress::new(
        !args.quiet && std::io::stderr().is_terminal(),
        entries.len(),
    );
    let style = TextStyle { color };
    let mut printer = Printer::new(&args, style, entries.len(), state);
    runtime.block_on(run::run_all(
        entries,
        &*resolver,
        &probing,
        args.jobs,
        &progress,
        |outcome| {
            progress.clear();
            printer.each(outcome);
        },
    ));
    progress.clear();
    printer.finish()
}

fn usage(reason: &str) -> ExitCode {
    eprintln!("mta-sts check: {reason}\nTry `mta-sts check --help`.");
    ExitCode::from(2)
}

fn could_not_run(reason: &str) -> ExitCode {
    eprintln!("mta-sts check: {reason}");
    ExitCode::from(3)
}

fn bad_entry(e: &Entry) -> String {
    let why = e.domain.as_ref().err().map_or("", String::as_str);
    format!("{}: {:?} is not checked: {why}", e.place, e.input)
}

/// Prints each outcome as it comes, in the chosen format, and what only the end can say.
/// Only what the end needs is kept: a summary row per entry, and the rendered reports when the
/// format prints them all at once (JSON, Markdown), so a long list in text, JSON lines or CSV
/// does not hold every report in memory.
struct Printer<'a> {
    args: &'a CheckArgs,
    style: TextStyle,
    total: usize,
    rows: Vec<Row>,
    /// The reports as JSON or Markdown, for the formats printed at the end.
    rendered: Vec<String>,
    /// The monitor's memory, with `--state`.
    state: Option<State>,
}

impl<'a> Printer<'a> {
    fn new(
        args: &'a CheckArgs,
        style: TextStyle,
        total: usize,
        state: Option<State>,
    ) -> Printer<'a> {
        if args.format == Format::Csv {
            out(&format!("{}\n", output::CSV_HEADER));
        }
        Printer {
            args,
            style,
            total,
            rows: Vec::with_capacity(total),
            rendered: Vec::new(),
            state,
        }
    }

    fn each(&mut self, mut outcome: Outcome) {
        // The monitor: what changed since the last run becomes the report's changes, and
        // what was seen is remembered (a line that is no domain leaves the state alone).
        if let (Some(state), Ok(c)) = (&mut self.state, &mut outcome.result) {
            let domain = c.report.domain.clone();
            let previous = state.get(&domain);
            c.report.set_changes(compare(previous, &c.snapshot));
            let keep = c.snapshot.remembered(previous);
            state.set(&domain, keep);
        }
        if outcome.result.is_err() {
            eprintln!("mta-sts check: {}; skipped", bad_entry(&outcome.entry));
        }
        if let Ok(c) = &outcome.result {
            if let Some(why) = &c.could_not_run {
                eprintln!("mta-sts check: {}: {why}", c.report.domain);
            }
        }
        let (place, input) = (&outcome.entry.place, &outcome.entry.input);
        match (self.args.format, &outcome.result) {
            (Format::Text, Ok(c)) => {
                let gap = if self.rows.is_empty() { "" } else { "\n" };
                out(&format!(
                    "{gap}{}",
                    output::report_text(&c.report, self.style, false)
                ));
            }
            (Format::Jsonl, Ok(c)) => out(&format!("{}\n", output::json_line(&c.report))),
            (Format::Jsonl, Err(e)) => {
                out(&format!("{}\n", output::error_line(place, input, e)));
            }
            (Format::Csv, _) => out(&format!("{}\n", output::csv_row(&outcome))),
            (Format::Json, Ok(c)) => self.rendered.push(c.report.to_json()),
            (Format::Json, Err(e)) => self.rendered.push(output::error_line(place, input, e)),
            (Format::Markdown, Ok(c)) => self.rendered.push(c.report.to_markdown()),
            _ => {}
        }
        self.rows.push(Row::of(&outcome));
    }

    /// What is printed once everything is checked, then the state saved, and the exit status.
    fn finish(self) -> ExitCode {
        let several = self.total > 1;
        match self.args.format {
            Format::Text if several => {
                out(&format!(
                    "\n{}",
                    output::summary_table(&self.rows, self.style)
                ));
            }
            Format::Json if several => {
                let items: Vec<String> = self
                    .rendered
                    .iter()
                    .map(|r| format!("  {}", r.replace('\n', "\n  ")))
                    .collect();
                out(&format!("[\n{}\n]\n", items.join(",\n")));
            }
            Format::Json => out(&format!("{}\n", self.rendered.concat())),
            Format::Markdown => {
                let mut md = String::new();
                if several {
                    md.push_str("# MTA-STS check\n\n");
                    md.push_str(&output::summary_markdown(&self.rows));
                }
                for r in &self.rendered {
                    if several {
                        md.push_str("\n---\n\n");
                    }
                    md.push_str(r);
                }
                out(&md);
            }
            _ => {}
        }
        let status = exit_status(&self.rows);
        // Saved after the output, so a state that cannot be written loses no report; the
        // failure is said, and is the exit status unless something failed, which matters more.
        if let (Some(state), Some(path)) = (&self.state, &self.args.state) {
            if let Err(e) = state.save(path) {
                eprintln!("mta-sts check: --state: {e}");
                if status != ExitCode::from(1) {
                    return ExitCode::from(2);
                }
            }
        }
        status
    }
}

/// 1 when any finding fails; else 3 when a domain could not be checked at all; else 0.
fn exit_status(rows: &[Row]) -> ExitCode {
    if rows.iter().any(|r| r.fails.is_some_and(|n| n > 0)) {
        ExitCode::from(1)
    } else if rows.iter().any(|r| !r.checked) {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

/// Standard output; a closed pipe (`| head`) is not an error worth reporting.
fn out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
