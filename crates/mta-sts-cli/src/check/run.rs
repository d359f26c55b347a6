//! Checking the entries: each through the engine's `pipeline::run` with the native fetcher and
//! prober, `jobs` at a time, handed on in input order as each is done.

use super::input::Entry;
use super::progress::Progress;
use futures_util::stream::{self, StreamExt};
use mta_sts::lookup::{unanswered, Lookup, Resolver};
use mta_sts::monitor::Snapshot;
use mta_sts::pipeline::{self, Observations};
use mta_sts::report::{build_report, Report};
use mta_sts_native::check::{DomainProbe, Probing};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// One entry, checked or not.
pub struct Outcome {
    pub entry: Entry,
    /// The check, or why the entry names no domain.
    pub result: Result<Checked, String>,
}

pub struct Checked {
    pub report: Report,
    /// What the monitor records of this run (`--state`).
    pub snapshot: Snapshot,
    /// Set when the check could not run at all: no DNS lookup was answered.
    pub could_not_run: Option<String>,
}

/// Checks every entry, at most `jobs` at once, and gives each outcome to `each` in input
/// order as soon as it and all before it are done (so output streams for long lists).
///
/// Finished checks wait in a reorder buffer rather than in their slots: a slow domain holds
/// back the output after it, never the checks after it (`buffered` would count the finished
/// ones waiting behind it against `jobs`, and the run would crawl one slow domain at a time).
pub async fn run_all<R: Resolver>(
    entries: Vec<Entry>,
    resolver: &R,
    probing: &Probing,
    jobs: usize,
    progress: &Progress,
    mut each: impl FnMut(Outcome),
) {
    let mut outcomes = stream::iter(entries.into_iter().enumerate())
        .map(|(i, entry)| async move {
            let result = match &entry.domain {
                Ok(domain) => Ok(check(domain, resolver, probing, progress).await),
                Err(e) => Err(e.clone()),
            };
            progress.finished(entry.domain.as_deref().ok());
            (i, Outcome { entry, result })
        })
        .buffer_unordered(jobs);
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    // The progress line's clock, redrawn each second between answers.
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    loop {
        let (i, outcome) = tokio::select! {
            done = outcomes.next() => match done {
                Some(done) => done,
                None => break,
            },
            _ = ticks.tick() => {
                progress.tick();
                continue;
            }
        };
        waiting.insert(i, outcome);
        while let Some(outcome) = waiting.remove(&next) {
            each(outcome);
            next += 1;
        }
    }
}

/// The whole check of one domain.
pub async fn check<R: Resolver>(
    domain: &str,
    resolver: &R,
    probing: &Probing,
    progress: &Progress,
) -> Checked {
    let probe = DomainProbe::new(probing, domain);
    let started = Instant::now();
    let clock = || u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
    let obs = pipeline::run(domain, resolver, &probe, Some(&probe), &clock, |obs| {
        progress.update(obs)
    })
    .await;
    let report = build_report(&obs);
    Checked {
        could_not_run: no_dns(&obs),
        snapshot: Snapshot::of(&obs, mta_sts_native::probe::now()),
        report,
    }
}

/// When no DNS lookup was answered (each failed, was refused or SERVFAILed), the check had
/// nothing to go on: what the lookups said, in words.
fn no_dns(obs: &Observations) -> Option<String> {
    let lookups: [&Option<Lookup>; 6] = [
        &obs.sts_txt,
        &obs.apex_txt,
        &obs.mx,
        &obs.tlsrpt_txt,
        &obs.host_a,
        &obs.host_aaaa,
    ];
    let mut errors = Vec::new();
    for lookup in lookups {
        match lookup {
            Some(l) if unanswered(l) => errors.push(match l {
                Err(e) => e.to_string(),
                Ok(a) => format!("{}: {}", a.resolver, a.rcode.as_str()),
            }),
            _ => return None,
        }
    }
    errors.dedup();
    Some(format!("no DNS answer at all ({})", errors.join("; ")))
}
