//! The domain: pure computation on values, no I/O, no terminal, no clock
//! except one passed in. Nothing here imports `io`, `report` or `tui`
//! (`tests/architecture.rs` checks it).
//!
//! - [`num`]: the one float tolerance every judgement uses.
//! - [`text`]: number formatting and sanitizing shared by every view.
//! - [`diagnostic`]: problems in a file at a line and column.
//! - [`schema`]: the JSON Schema of a file type, from the type its loader
//!   reads.
//! - [`capacity`]: capacity inputs, the calendar period, gross and
//!   available hours, and what makes a capacity plannable.
//! - [`model`]: the model file format and its validation.
//! - [`engine`]: hours, status, book capacity, warnings and metrics.
//! - [`scenario`]: scenario files (changes to a model), read and written as
//!   text.
//! - [`team`]: many TAMs' plans rolled up, and how many TAMs a book needs.
//! - [`book`]: accounts from a CRM export rolled up per owner, and the
//!   counts they fill.
//! - [`calibration`]: logged hours against the plan, task by task and week
//!   by week, and the hours that would match them.

pub mod book;
pub mod calibration;
pub mod capacity;
pub mod diagnostic;
pub mod engine;
pub mod model;
pub mod num;
pub mod scenario;
pub mod schema;
pub mod team;
pub mod text;
