//! Observations to report: every check of the catalogue and the verdict.
//! OWNER: helper "report".
