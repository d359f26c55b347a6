//! `mta-sts check`: the whole check of one domain or a list, natively, with the same engine,
//! findings and report as the web page; printed for a person or a program.

mod args;
mod input;
mod output;
mod progress;
mod run;
mod world;

use crate::text::TextStyle;
use args::{CheckArgs, Format, Parsed, Source};
use input::Entry;
use mta_sts::finding::Severity;
use output::count;
use progress::Progress;
use run::Outcome;
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
    let mut printer = Printer::new(&args, style, entries.len());
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
}

impl<'a> Printer<'a> {
    fn new(args: &'a CheckArgs, style: TextStyle, total: usize) -> Printer<'a> {
        if args.format == Format::Csv {
            out(&format!("{}\n", output::CSV_HEADER));
        }
        Printer {
            args,
            style,
            total,
            outcomes: Vec::with_capacity(total),
        }
    }

    fn each(&mut self, outcome: Outcome) {
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
