//! The report's components. They render the engine's `Report` and decide nothing themselves.

mod copy;
mod finding;
mod raw;
mod report;
mod text;

pub use copy::CopyButton;
pub use report::ReportView;
