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
use mta_sts::finding::Severity;
use mta_sts::monitor::compare;
use output::count;
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
            Ok(state) => Some(state),
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
struct Printer<'a> {
    args: &'a CheckArgs,
    style: TextStyle,
    total: usize,
    outcomes: Vec<Outcome>,
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
            outcomes: Vec::with_capacity(total),
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
        match (self.args.format, &outcome.result) {
            (Format::Text, Ok(c)) => {
                let gap = if self.outcomes.is_empty() { "" } else { "\n" };
                out(&format!(
                    "{gap}{}",
                    output::report_text(&c.report, self.style, false)
                ));
            }
            (Format::Jsonl, Ok(c)) => out(&format!("{}\n", output::json_line(&c.report))),
            (Format::Jsonl, Err(e)) => out(&format!(
                "{}\n",
                output::error_line(&outcome.entry.place, &outcome.entry.input, e)
            )),
            (Format::Csv, _) => out(&format!("{}\n", output::csv_row(&outcome))),
            _ => {}
        }
        self.outcomes.push(outcome);
    }

    /// What is printed once everything is checked, and the exit status.
    fn finish(self) -> ExitCode {
        if let (Some(state), Some(path)) = (&self.state, &self.args.state) {
            if let Err(e) = state.save(path) {
                eprintln!("mta-sts check: --state: {e}");
                return ExitCode::from(2);
            }
        }
        let several = self.total > 1;
        match self.args.format {
            Format::Text if several => {
                out(&format!(
                    "\n{}",
                    output::summary_table(&self.outcomes, self.style)
                ));
            }
            Format::Json => {
                let reports: Vec<String> = self
                    .outcomes
                    .iter()
                    .map(|o| match &o.result {
                        Ok(c) => c.report.to_json(),
                        Err(e) => output::error_line(&o.entry.place, &o.entry.input, e),
                    })
                    .collect();
                if several {
                    let items: Vec<String> = reports
                        .iter()
                        .map(|r| format!("  {}", r.replace('\n', "\n  ")))
                        .collect();
                    out(&format!("[\n{}\n]\n", items.join(",\n")));
                } else {
                    out(&format!("{}\n", reports.concat()));
                }
            }
            Format::Markdown => {
                let mut md = String::new();
                if several {
                    md.push_str("# MTA-STS check\n\n");
                    md.push_str(&output::summary_markdown(&self.outcomes));
                }
                for o in &self.outcomes {
                    if let Ok(c) = &o.result {
                        if several {
                            md.push_str("\n---\n\n");
                        }
                        md.push_str(&c.report.to_markdown());
                    }
                }
                out(&md);
            }
            _ => {}
        }
        exit_status(&self.outcomes)
    }
}

/// 1 when any finding fails; else 3 when a domain could not be checked at all; else 0.
fn exit_status(outcomes: &[Outcome]) -> ExitCode {
    let failed = outcomes
        .iter()
        .any(|o| matches!(&o.result, Ok(c) if count(&c.report, Severity::Fail) > 0));
    let not_run = outcomes
        .iter()
        .any(|o| !matches!(&o.result, Ok(c) if c.could_not_run.is_none()));
    if failed {
        ExitCode::from(1)
    } else if not_run {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

/// Standard output; a closed pipe (`| head`) is not an error worth reporting.
fn out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
