//! The pages' components. They render the engine's `Report` and set-up texts and decide
//! nothing themselves.

mod copy;
mod diff;
mod editor;
mod finding;
mod raw;
mod report;
mod setup;
mod text;

pub use copy::CopyButton;
pub use editor::PolicyEditor;
pub use finding::FindingView;
pub use report::{save_file, ReportView};
pub use setup::SetupView;
