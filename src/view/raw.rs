//! The raw material behind the findings: the policy as read, and how long each lookup took.

use leptos::prelude::*;
use mta_sts::report::Report;

#[component]
pub fn RawView(report: Memo<Report>) -> impl IntoView {
    move || {
        report.with(|r| {
            r.policy_text.clone().map(|text| {
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
                    let left = f64::from(t.start_ms) * 100.0 / f64::from(end);
                    let width =
                        (f64::from(t.end_ms.saturating_sub(t.start_ms)) * 100.0 / f64::from(end))
                            .max(0.5);
                    (t.what.clone(), t.end_ms.saturating_sub(t.start_ms), left, width)
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
                                            style:margin-left=format!("{left:.1}%")
                                            style:width=format!("{width:.1}%")>
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
