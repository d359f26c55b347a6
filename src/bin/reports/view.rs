//! The page: where files come in (picker, drop anywhere, paste), what could not be read, and
//! the summary. Everything from a report is shown as text, never as markup.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mta_sts::tlsrpt::report::{
    check_live, check_reported_policy, explain, reports_csv, summarize, summary_json, utc_text,
    FailureGroup, Limits, Loaded, PolicySummary, PolicyType, Report, ReportedPolicy, Summary,
};
use mta_sts::Severity;
use mta_sts_checker::view::{save_file, FindingView};
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;
use web_sys::{File, FileList, HtmlInputElement};

use crate::chart::day_chart;
use crate::live::live_mx_view;
use crate::read::{read_bytes, read_file};

#[component]
pub fn ReportsPage() -> impl IntoView {
    let (loaded, set_loaded) = signal(Vec::<Loaded>::new());
    // Files given and not read yet, for the status line.
    let (reading, set_reading) = signal(0usize);
    // Files finished, failed ones included (the tests wait for this count).
    let (done, set_done) = signal(0usize);
    let summary = Memo::new(move |_| loaded.with(|l| summarize(reports(l))));

    let take_files = move |list: Option<FileList>| {
        let files: Vec<File> = list
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        if files.is_empty() {
            return;
        }
        set_reading.update(|n| *n += files.len());
        // One file after the other (per batch given): a file's bytes are dropped before the
        // next is read.
        spawn_local(async move {
            for file in files {
                let result = read_file(&file, Limits::default()).await;
                set_loaded.update(|l| l.extend(result));
                set_reading.update(|n| *n = n.saturating_sub(1));
                set_done.update(|n| *n += 1);
            }
        });
    };

    // Dropped anywhere on the page: the browser must be told not to open the file itself.
    let _ = window_event_listener(ev::dragover, |e| e.prevent_default());
    let _ = window_event_listener(ev::drop, move |e| {
        e.prevent_default();
        take_files(e.data_transfer().and_then(|d| d.files()));
    });
    // Pasted: copied files, or a report's JSON as text.
    let _ = window_event_listener(ev::paste, move |e| {
        let Some(data) = e.clipboard_data() else {
            return;
        };
        if data.files().is_some_and(|f| f.length() > 0) {
            e.prevent_default();
            take_files(data.files());
            return;
        }
        let text = data.get_data("text").unwrap_or_default();
        if text.trim().is_empty() {
            return;
        }
        e.prevent_default();
        set_reading.update(|n| *n += 1);
        spawn_local(async move {
            let result = read_bytes("pasted text", text.into_bytes(), Limits::default()).await;
            set_loaded.update(|l| l.extend(result));
            set_reading.update(|n| *n = n.saturating_sub(1));
            set_done.update(|n| *n += 1);
        });
    });

    let on_change = move |e: ev::Event| {
        let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        take_files(input.files());
        // The same file chosen again is a change too.
        input.set_value("");
    };

    view! {
        <main class="reports" data-reports="">
            <section class="intake">
                <h2>"TLS-RPT reports"</h2>
                <p class="lead">
                    "Sending servers mail a daily report of their TLS sessions to the address "
                    "in your TLS-RPT record. Give this page the reports (JSON, .json.gz, .zip, "
                    "or the whole e-mail saved as .eml) and it shows what failed, where, and "
                    "what to fix."
                </p>
                <label class="drop" for="reports">
                    <span class="big">"Choose report files"</span>
                    <span>" or drop them anywhere on this page, or paste one."</span>
                </label>
                <input id="reports" name="reports" type="file" multiple=true
                    accept=".json,.gz,.zip,.eml,application/json,application/gzip,application/zip,message/rfc822"
                    on:change=on_change/>
                <p class="privacy">
                    "The files are read in this page: nothing is uploaded. Limits per file: "
                    "20 MB, 50 MB once decompressed, 1,000 zip entries."
                </p>
                <p class="status" role="status" aria-live="polite" data-reading=move || reading.get()
                    data-done=move || done.get()>
                    {move || match reading.get() {
                        0 => String::new(),
                        1 => "Reading 1 file…".to_owned(),
                        n => format!("Reading {n} files…"),
                    }}
                </p>
                {move || loaded.with(|l| file_errors(l))}
                {move || loaded.with(|l| !l.is_empty()).then(|| view! {
                    <button type="button" class="clear" data-clear=""
                        on:click=move |_| set_loaded.set(Vec::new())>
                        "Start again with other files"
                    </button>
                })}
            </section>
            {move || {
                let empty = summary.with(|s| s.reports == 0);
                (!empty).then(|| view! { <Results loaded=loaded summary=summary/> })
            }}
        </main>
        // Not the shared footer: this page asks no resolver and fetches nothing.
        <footer class="site">
            <p>
                "Everything runs in this page: the files you give it are read here and sent "
                "nowhere. No server of ours sees your reports."
            </p>
        </footer>
    }
}

/// Every report read, in the order read (duplicates included: `summarize` counts them once).
fn reports(loaded: &[Loaded]) -> impl Iterator<Item = &Report> {
    loaded
        .iter()
        .filter_map(|l| l.result.as_ref().ok())
        .map(|p| &p.report)
}

/// The files (or entries) that gave no report, each with its reason.
fn file_errors(loaded: &[Loaded]) -> Option<impl IntoView> {
    let errors: Vec<(String, String)> = loaded
        .iter()
        .filter_map(|l| {
            l.result
                .as_ref()
                .err()
                .map(|e| (l.source.clone(), e.to_string()))
        })
        .collect();
    (!errors.is_empty()).then(|| {
        view! {
            <div class="file-errors" role="alert">
                <h3>"Not read"</h3>
                <ul>
                    {errors.into_iter().map(|(source, reason)| {
                        let shown = source.clone();
                        view! {
                        <li data-file-error="" data-source=source>
                            <code>{shown}</code> ": " {reason}
                        </li>
                    }}).collect_view()}
                </ul>
            </div>
        }
    })
}

#[component]
fn Results(loaded: ReadSignal<Vec<Loaded>>, summary: Memo<Summary>) -> impl IntoView {
    let download_csv = move |_| {
        // The merged data: each organisation's report-id once (the engine leaves out the
        // copies, as the summary does).
        let text = loaded.with(|l| reports_csv(reports(l)));
        save_file("tlsrpt-failures.csv", &text, "text/csv");
    };
    let download_json = move |_| {
        let text = loaded.with(|l| summary.with(|s| summary_json(s, l)));
        save_file("tlsrpt-summary.json", &text, "application/json");
    };
    view! {
        <section class="results" data-results="">
            {move || summary.with(|s| overview(s, loaded))}
            {move || summary.with(|s| day_chart(&s.days))}
            {move || summary.with(|s| {
                s.policies.iter().map(|p| policy_view(p, s)).collect_view()
            })}
            <section class="exports">
                <h3>"Export"</h3>
                <p>"The merged reports, each organisation's report-id once."</p>
                <div class="buttons">
                    <button type="button" on:click=download_csv data-export="csv">
                        "Download CSV (one row per failure)"
                    </button>
                    <button type="button" on:click=download_json data-export="json">
                        "Download JSON (the summary)"
                    </button>
                </div>
            </section>
        </section>
    }
}

/// How many reports and files, the duplicates, and the notes on what reporters sent.
fn overview(s: &Summary, loaded: ReadSignal<Vec<Loaded>>) -> impl IntoView {
    let (read, notes) = loaded.with(|l| {
        let read = l.iter().filter(|x| x.result.is_ok()).count();
        let notes: Vec<String> = l
            .iter()
            .filter_map(|x| x.result.as_ref().ok().map(|p| (x, p)))
            .flat_map(|(x, p)| p.notes.iter().map(move |n| format!("{}: {n}", x.source)))
            .collect();
        (read, notes)
    });
    let failed: u64 = s.policies.iter().map(|p| p.failed).sum();
    let sessions: u64 = s.policies.iter().map(|p| p.successful + p.failed).sum();
    let first = s.days.first().map(|d| d.date.clone()).unwrap_or_default();
    let last = s.days.last().map(|d| d.date.clone()).unwrap_or_default();
    view! {
        <div class="overview" data-overview="" data-reports=s.reports>
            <h2>"Summary"</h2>
            <p class="verdict">
                {if failed == 0 {
                    format!("No failed session in {sessions} reported.")
                } else {
                    format!("{failed} of {sessions} sessions failed ({}).", percent(failed, sessions))
                }}
                " " {s.reports} {if s.reports == 1 { " report" } else { " reports" }}
                {format!(", {first} to {last}.")}
            </p>
            {(read != s.reports).then(|| view! {
                <p class="note">{format!("{read} reports read, {} counted.", s.reports)}</p>
            })}
            {(!s.duplicates.is_empty()).then(|| view! {
                <ul class="duplicates" data-duplicates="">
                    {s.duplicates.iter().map(|d| view! {
                        <li data-duplicate=d.report_id.clone()>
                            "Report " <code>{d.report_id.clone()}</code>
                            {format!(" was given {} times: counted once.", d.copies)}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(!notes.is_empty()).then(|| view! {
                <details class="notes">
                    <summary>{format!("{} variations from RFC 8460 accepted", notes.len())}</summary>
                    <ul>{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                </details>
            })}
        </div>
    }
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    let p = part as f64 * 100.0 / whole as f64;
    // Two decimals below 1%: a rare failure should not read as 0%.
    if p < 1.0 {
        format!("{p:.2}%")
    } else {
        format!("{p:.1}%")
    }
}

fn policy_view(p: &PolicySummary, s: &Summary) -> impl IntoView {
    let domain = p.policy_domain.clone();
    let title = if domain.is_empty() {
        "(no policy domain given)".to_owned()
    } else {
        domain.clone()
    };
    let failures: Vec<(usize, &FailureGroup)> = s
        .failures
        .iter()
        .enumerate()
        .filter(|(_, g)| g.policy_domain == p.policy_domain && g.policy_type == p.policy_type)
        .collect();
    // Hosts that no reported policy's mx lines cover, by failure group.
    let uncovered = uncovered_groups(p, s);
    let type_words = match p.policy_type {
        PolicyType::Sts => "MTA-STS policy",
        PolicyType::Tlsa => "DANE (TLSA)",
        PolicyType::NoPolicyFound => "no policy found",
        PolicyType::Other(_) => "other policy type",
    };
    view! {
        <article class="policy" data-tlsrpt-summary="" data-policy-domain=domain.clone()
            data-policy-type=p.policy_type.as_str().to_owned() data-successful=p.successful
            data-failed=p.failed>
            <h3>
                {title} " "
                <span class="ptype"><code>{p.policy_type.as_str().to_owned()}</code> " · " {type_words}</span>
            </h3>
            <dl class="figures">
                <div><dt>"Successful"</dt><dd>{p.successful}</dd></div>
                <div class={if p.failed > 0 { "bad" } else { "" }}>
                    <dt>"Failed"</dt><dd>{p.failed}</dd>
                </div>
                <div><dt>"Failure rate"</dt>
                    <dd>{percent(p.failed, p.successful.saturating_add(p.failed))}</dd></div>
                <div><dt>"Covering"</dt>
                    <dd>{utc_text(p.start)} " to " {utc_text(p.end)}</dd></div>
            </dl>
            <p class="orgs">"Reported by " {p.organizations.join(", ")}</p>
            {(!domain.is_empty()).then(|| view! {
                <p class="live">
                    <a href=format!("../?domain={domain}") data-check-now="">
                        "Check " {domain.clone()} " now"
                    </a>
                    " — today's record, policy and MX hosts, in the checker."
                </p>
            })}
            {(!domain.is_empty() && p.failed > 0).then(|| live_mx_view(domain.clone(), s))}
            {reported_policies(p)}
            {if failures.is_empty() {
                view! { <p class="no-failures">"No failed sessions reported."</p> }.into_any()
            } else {
                view! {
                    <h4>"Failures, by result type and receiving MX host"</h4>
                    <ul class="failures">
                        {failures.into_iter().map(|(i, g)| {
                            failure_view(g, uncovered.iter().find(|(j, _)| *j == i).map(|(_, why)| why.clone()))
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </article>
    }
}

/// The failure groups of this policy whose MX host no mx line of any policy the reporters saw
/// covers, with those patterns: for a `validation-failure` that is the likely cause.
fn uncovered_groups(p: &PolicySummary, s: &Summary) -> Vec<(usize, String)> {
    if p.policy_type != PolicyType::Sts || p.policy_strings.is_empty() {
        return Vec::new();
    }
    let mut explained: Option<BTreeSet<usize>> = None;
    let mut patterns = Vec::new();
    for lines in &p.policy_strings {
        let text = lines.join("\r\n") + "\r\n";
        for line in lines {
            if let Some(m) = line.trim().strip_prefix("mx:") {
                // Each pattern once, in the order the policies give them.
                let m = m.trim().to_owned();
                if !patterns.contains(&m) {
                    patterns.push(m);
                }
            }
        }
        let these: BTreeSet<usize> = check_live(s, &p.policy_domain, Some(text.as_bytes()), None)
            .into_iter()
            .filter(|c| c.explains && s.failures[c.group].policy_type == PolicyType::Sts)
            .map(|c| c.group)
            .collect();
        // Uncovered only when no version of the policy covers the host.
        explained = Some(match explained {
            None => these,
            Some(before) => before.intersection(&these).copied().collect(),
        });
    }
    let list = if patterns.is_empty() {
        "none".to_owned()
    } else {
        patterns.join(", ")
    };
    explained
        .unwrap_or_default()
        .into_iter()
        .map(|i| (i, list.clone()))
        .collect()
}

/// Each policy the reporters saw, as text, and what the engine's policy checks say of it.
fn reported_policies(p: &PolicySummary) -> Option<impl IntoView> {
    if p.policy_strings.is_empty() {
        return None;
    }
    let several = p.policy_strings.len() > 1;
    Some(view! {
        <div class="reported">
            <h4>{if several { "The policies the reporters saw" } else { "The policy the reporters saw" }}</h4>
            {p.policy_strings.iter().map(|lines| {
                let policy = ReportedPolicy {
                    policy_type: p.policy_type.clone(),
                    policy_string: lines.clone(),
                    policy_domain: Some(p.policy_domain.clone()),
                    mx_host: Vec::new(),
                };
                let findings: Vec<_> = check_reported_policy(&policy)
                    .map(|c| c.findings)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|f| matches!(f.severity, Severity::Fail | Severity::Warn))
                    .collect();
                let linted = p.policy_type == PolicyType::Sts;
                view! {
                    <pre class="policy-text" data-reported-policy=""><code>{lines.join("\n")}</code></pre>
                    {if !linted {
                        ().into_any()
                    } else if findings.is_empty() {
                        view! { <p class="lint-ok" data-policy-lint="ok">
                            "The checker finds nothing wrong in this policy."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="findings" data-policy-lint="findings">
                                {findings.into_iter().map(|f| view! { <FindingView finding=f/> })
                                    .collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }
            }).collect_view()}
        </div>
    })
}

fn failure_view(g: &FailureGroup, uncovered: Option<String>) -> impl IntoView {
    let e = explain(&g.result_type);
    let host = g.receiving_mx_hostname.clone();
    let list = |label: &'static str, values: &[String]| {
        (!values.is_empty()).then(|| {
            view! { <div><dt>{label}</dt><dd>{values.join(", ")}</dd></div> }
        })
    };
    view! {
        <li class="failure" data-failure="" data-result-type=g.result_type.as_str().to_owned()
            data-mx=host.clone().unwrap_or_default() data-count=g.sessions>
            <p class="head">
                <strong class="count">{g.sessions}</strong>
                {if g.sessions == 1 { " session: " } else { " sessions: " }}
                <code class="rtype">{g.result_type.as_str().to_owned()}</code>
                " at "
                {match host.clone() {
                    Some(h) => view! { <code class="mx">{h}</code> }.into_any(),
                    None => view! { <span>"(no MX host given)"</span> }.into_any(),
                }}
            </p>
            <p class="meaning">{e.meaning}</p>
            <p class="fix"><strong>"Likely cause and fix: "</strong>{e.cause_and_fix}</p>
            {uncovered.map(|patterns| view! {
                <p class="cause" data-uncovered="">
                    <strong>"The cause: "</strong>
                    {format!(
                        "{} matches no mx line of the policy the reporters saw (mx: {patterns}), \
                         so senders refuse it. Add an mx line that covers it, or take it out of \
                         the MX records.",
                        host.clone().unwrap_or_default()
                    )}
                </p>
            })}
            <dl class="details">
                {list("Reported by", &g.organizations)}
                {list("Sending IPs", &g.sending_ips)}
                {list("Receiving IPs", &g.receiving_ips)}
                {list("Failure reason codes", &g.failure_reason_codes)}
                {list("Additional information", &g.additional_information)}
            </dl>
        </li>
    }
}
