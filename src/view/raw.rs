//! The raw material behind the findings: the policy as read, and how long each lookup took.

use leptos::prelude::*;
use mta_sts::report::Report;

#[component]
pub fn RawView(report: Memo<Report>) -> impl IntoView {
    // Redrawn only when the policy's text changes, not with every answer (issue 16).
    let text = Memo::new(move |_| report.with(|r| r.policy_text.clone()));
    move || {
        text.with(|text| {
            text.as_ref().map(|text| {
                let lines: Vec<String> = text.lines().map(str::to_owned).collect();
                view! {
                    <section class="raw">
                        <h3>"The policy as read"</h3>
                        <ol class="policy-lines">
                            {lines.into_iter().map(|line| view! { <li><code>{line}</code></li> })
                                .collect_view()}
                        </ol>
                    </section>
                }
            })
        })
    }
}

/// A compact waterfall: every lookup as a bar from its start to its end.
#[component]
pub fn Waterfall(report: Memo<Report>) -> impl IntoView {
    move || {
        report.with(|r| {
            if r.timings.is_empty() {
                return None;
            }
            let end = r.timings.iter().map(|t| t.end_ms).max().unwrap_or(0).max(1);
            let rows: Vec<_> = r
                .timings
                .iter()
                .map(|t| {
                    // Tenths of a percent, in integers: float formatting costs kilobytes of wasm.
                    let per_mille = |ms: u32| u64::from(ms) * 1000 / u64::from(end);
                    let left = per_mille(t.start_ms);
                    let width = per_mille(t.end_ms.saturating_sub(t.start_ms)).max(5);
                    (
                        t.request.to_string(),
                        t.end_ms.saturating_sub(t.start_ms),
                        left,
                        width,
                    )
                })
                .collect();
            Some(view! {
                <section class="waterfall">
                    <h3>"Timings"</h3>
                    <table>
                        <tbody>
                            {rows.into_iter().map(|(what, ms, left, width)| view! {
                                <tr>
                                    <th scope="row"><code>{what}</code></th>
                                    <td class="bar-cell">
                                        // CSSOM, not a style attribute: allowed under the CSP.
                                        <span class="bar"
                                            style:margin-left=percent(left)
                                            style:width=percent(width)>
                                        </span>
                                    </td>
                                    <td class="ms">{format!("{ms} ms")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            })
        })
    }
}

/// `per_mille` tenths of a percent as CSS: 125 → "12.5%".
fn percent(per_mille: u64) -> String {
    format!("{}.{}%", per_mille / 10, per_mille % 10)
}
