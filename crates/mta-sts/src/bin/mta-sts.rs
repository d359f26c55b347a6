//! The `mta-sts` command line. OWNER: helper "report".
fn main() {}
