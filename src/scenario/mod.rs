//! The scenario format: the model, loading RON with positions, validation and analysis.
//! Nothing here depends on Bevy.

pub mod analyze;
pub mod catalogue;
pub mod diagnostic;
pub mod graph;
pub mod library;
pub mod load;
pub mod logic;
pub mod model;
pub mod spans;
pub mod syntax;
pub mod validate;

pub use catalogue::Catalogue;
pub use diagnostic::{Code, Diagnostic, Pos, Severity};
pub use library::{CheckOptions, Checked, Report, check_paths, check_source};
pub use model::*;
