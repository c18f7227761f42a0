//! tamplan: a workload planner for Technical Account Managers, built on the
//! handbook's "rhythm of business" model.
//!
//! Module map:
//! - [`model`]: the model file format and its validation (pure).
//! - [`engine`]: the hours, capacity, status and metrics computation (pure).
//! - [`text`]: number formatting and sanitizing shared by every view.
//! - [`scenario`]: scenario files (changes to a model), read and written as
//!   text (pure).
//! - [`report`]: `tamplan report` in table, Markdown, CSV and JSON.
//! - [`files`]: reading model files from disk, writing files atomically.
//! - [`store`]: the data and config folders, saving scenarios without
//!   losing either version, recovery files.
//! - [`import`]: a handbook page (Markdown) turned into a model file (pure).
//! - [`error`]: the error type, with file, line and column.
//! - [`app`]: the interactive planner's state, [`app::Action`] and its one
//!   `update`.
//! - [`keys`]: keys, mouse and resizes mapped to actions, in one place.
//! - [`ui`]: drawing the planner from an immutable view of the state.
//! - [`tui`]: the terminal, the event loop, signals and suspend.
//! - [`cli`]: the command line, parsed by clap, and dispatch.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented
    )
)]
#![warn(missing_docs)]

pub mod app;
pub mod cli;
pub mod engine;
pub mod error;
pub mod files;
pub mod import;
pub mod keys;
pub mod model;
pub mod report;
pub mod scenario;
pub mod store;
pub mod text;
pub mod tui;
pub mod ui;
