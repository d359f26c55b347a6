//! Sessions per day as an SVG bar chart drawn here (no chart library): failed sessions on
//! top of successful ones. Colours come from the stylesheet's variables, so dark mode and
//! forced colours apply; the numbers are in a table beside it for screen readers and for
//! reading exact figures.

use leptos::prelude::*;
use mta_sts::tlsrpt::report::DaySessions;

/// The plot's own units; the SVG scales to the page's width (the bars carry no text, so
/// stretching them is harmless: the labels are HTML below).
const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 160.0;

pub fn day_chart(days: &[DaySessions]) -> impl IntoView {
    let max = days
        .iter()
        .map(|d| d.successful.saturating_add(d.failed))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = WIDTH / days.len().max(1) as f64;
    let bar = (slot * 0.8).max(1.0);
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x = i as f64 * slot + (slot - bar) / 2.0;
            let total = d.successful.saturating_add(d.failed) as f64;
            let total_h = total / max * HEIGHT;
            // A failure is never drawn as nothing: at least 2% of the height shows it.
            let failed_h = if d.failed > 0 {
                (d.failed as f64 / max * HEIGHT)
                    .max(HEIGHT * 0.02)
                    .min(total_h)
            } else {
                0.0
            };
            let ok_h = total_h - failed_h;
            view! {
                <rect class="ok" x=fmt(x) y=fmt(HEIGHT - ok_h) width=fmt(bar) height=fmt(ok_h)/>
                <rect class="failed" x=fmt(x) y=fmt(HEIGHT - total_h) width=fmt(bar)
                    height=fmt(failed_h)/>
            }
        })
        .collect_view();
    let first = days.first().map(|d| d.date.clone()).unwrap_or_default();
    let last = days.last().map(|d| d.date.clone()).unwrap_or_default();
    let label = format!(
        "Sessions per day from {first} to {last}: the table below gives each day's figures."
    );
    view! {
        <figure class="chart">
            <figcaption>
                "Sessions per day (UTC, each report on the day it starts): "
                <span class="key ok">"successful"</span> " and "
                <span class="key failed">"failed"</span>
            </figcaption>
            <p class="axis">"up to " {max as u64} " sessions a day"</p>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img"
                aria-label=label data-chart="">
                <line class="base" x1="0" y1=fmt(HEIGHT) x2=fmt(WIDTH) y2=fmt(HEIGHT)/>
                {bars}
            </svg>
            <p class="axis dates"><span>{first}</span><span>{last}</span></p>
            <details>
                <summary>"Each day's figures"</summary>
                <table>
                    <thead>
                        <tr><th scope="col">"Day"</th><th scope="col">"Successful"</th>
                            <th scope="col">"Failed"</th></tr>
                    </thead>
                    <tbody>
                        {days.iter().map(|d| view! {
                            <tr><th scope="row">{d.date.clone()}</th><td>{d.successful}</td>
                                <td>{d.failed}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

/// Coordinates to two decimals: enough for a chart, and short attributes.
fn fmt(v: f64) -> String {
    format!("{:.2}", v)
}
