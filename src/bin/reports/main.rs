//! The TLS-RPT reports page, `reports/`: a person drops the reports mailed to their `rua`
//! address (JSON, `.gz`, `.zip`, `.eml`) and sees what failed, where, and what to fix. A
//! binary of its own, so the checker's bundle does not carry it. Files are read in the page;
//! nothing is uploaded. The only requests it makes are the MX lookups a person asks for
//! (reports.html's CSP allows this site and the two DoH resolvers, nothing else).

mod chart;
mod live;
mod read;
mod view;

fn main() {
    mta_sts_checker::start(view::ReportsPage);
}
