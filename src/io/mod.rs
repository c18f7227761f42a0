//! Everything that touches the disk or reads outside text. Imports the
//! domain only; never a screen's types.
//!
//! - [`book`]: account exports from a CRM (Salesforce, HubSpot,
//!   Gainsight, a plain CSV, or mapped columns) read into accounts.
//! - [`error`]: the error type, with file, line and column.
//! - [`files`]: reading model files, writing files atomically.
//! - [`store`]: the data and config folders, saving scenarios without
//!   losing either version, recovery files.
//! - [`import`]: a handbook page (Markdown) turned into a model file.
//! - [`team`]: a team folder of scenario files, read and planned.
//! - [`timesheet`]: time exports (Toggl, Clockify, Harvest, plain CSV,
//!   `timew` JSON) read into logged hours.
//! - [`rules`]: `rules.toml`, mapping logged hours to tasks or PTO.
//! - [`schema`]: the JSON Schemas of model, scenario and rules files, and
//!   the `#:schema` line of the files tamplan writes.
//! - [`fuzz`]: every reader of outside text as one function of bytes, for
//!   the fuzzers and the corpus replay test.

pub mod book;
pub mod clock;
pub mod error;
pub mod files;
pub mod fuzz;
pub mod ics;
pub mod import;
pub mod rules;
pub mod schema;
pub mod store;
pub mod team;
pub mod timesheet;
