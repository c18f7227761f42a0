//! tamplan: a workload planner for Technical Account Managers, built on the
//! handbook's "rhythm of business" model.
//!
//! Module map (layers; arrows point down only, checked by
//! `tests/architecture.rs`):
//!
//! - [`cli`]: the command line, parsed by clap, and dispatch.
//! - [`tui`]: the terminal, the one event loop, signals and suspend; the
//!   planner screen in [`tui::planner`] (state, `Action`, `update`, keys,
//!   drawing) and the widgets screens share in [`tui::widgets`].
//! - [`report`]: plans as table, Markdown, CSV and JSON.
//! - [`io`]: files, folders, atomic saves, recovery, page import, errors.
//! - [`domain`]: model, capacity, engine, scenario: pure.

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

pub mod cli;
pub mod domain;
pub mod io;
pub mod report;
pub mod tui;
