//! Checking the entries: each through the engine's `pipeline::run` with the native fetcher and
//! prober, `jobs` at a time, handed on in input order as each is done.

use super::input::Entry;
use super::progress::Progress;
use futures_util::stream::{self, StreamExt};
use mta_sts::lookup::{Lookup, Resolver};
use mta_sts::monitor::Snapshot;
use mta_sts::pipeline::{self, Observations};
use mta_sts::report::{build_report, Report};
use mta_sts_native::check::{DomainProbe, Probing};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

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
pub async fn run_all<R: Resolver>(
    entries: Vec<Entry>,
    resolver: &R,
    probing: &Probing,
    jobs: usize,
    progress: &Progress,
    mut each: impl FnMut(Outcome),
) {
    let mut outcomes = stream::iter(entries)
        .map(|entry| async move {
            let result = match &entry.domain {
                Ok(domain) => Ok(check(domain, resolver, probing, progress).await),
                Err(e) => Err(e.clone()),
            };
            progress.finished(entry.domain.as_deref().ok());
            Outcome { entry, result }
        })
        .buffered(jobs);
    while let Some(outcome) = outcomes.next().await {
        each(outcome);
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
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    Checked {
        could_not_run: no_dns(&obs),
        snapshot: Snapshot::of(&obs, now),
        report,
    }
}

/// When every DNS lookup failed, the check had nothing to go on: the lookup errors, in words.
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
            Some(Err(e)) => errors.push(e.to_string()),
            _ => return None,
        }
    }
    errors.dedup();
    Some(format!("no DNS answer at all ({})", errors.join("; ")))
}
