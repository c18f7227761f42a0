//! tamplan: a workload planner for Technical Account Managers, built on the
//! handbook's "rhythm of business" model.
//!
//! Module map (layers; arrows point down only, checked by
//! `tests/architecture.rs`):
//!
//! - [`cli`]: the command line, parsed by clap, and dispatch.
//! - [`tui`]: the terminal, the one event loop over any [`tui::Screen`],
//!   signals, suspend and file watching; the planner in [`tui::planner`]
//!   (with its quarter and calibration views) and the team view in
//!   [`tui::team`], each with its own state, actions, `update`, keys and
//!   drawing; the widgets screens share in [`tui::widgets`].
//! - [`report`]: plans, calibrations and teams as table, Markdown, CSV and
//!   JSON.
//! - [`io`]: files, folders, atomic saves, recovery, page import, time
//!   exports and calendars, rules, team folders, errors.
//! - [`domain`]: model, capacity, engine, scenario, calibration, team: pure.

pub mod cli;
pub mod domain;
pub mod io;
pub mod report;
pub mod tui;
