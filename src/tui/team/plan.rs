//! One plan of the team ([`Plan`]): read from its file and planned
//! ([`plan_from`]), with its keys for filtering and sorting.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::domain::book::TeamBook;
use crate::domain::engine::Inputs;
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::domain::team::{Member, Planned, Problem};

use super::Column;

/// One plan of the team, as read and as changed here.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Its file.
    pub path: PathBuf,
    /// The file's content when read or last written.
    pub disk: String,
    /// Name, owner, note, saved date.
    pub scenario: Scenario,
    /// The values now (a rebalance changes the customers).
    pub inputs: Inputs,
    /// The values as on disk.
    pub saved_inputs: Inputs,
    /// The figures of `inputs`.
    pub member: Member,
    /// Owner, name and file in lower case, made once: the filter's and the
    /// sort's keys.
    pub(super) keys: Keys,
    /// Whether `inputs` differ from the file only by the counts the CRM's
    /// book gave (`team --book-file`): the plan opens in the planner with
    /// them, unsaved.
    pub from_book: bool,
}

/// A plan's text in lower case, for filtering and sorting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Keys {
    pub(super) owner: String,
    pub(super) name: String,
    file: String,
}

impl Keys {
    fn of(member: &Member) -> Keys {
        Keys {
            owner: member.owner.to_lowercase(),
            name: member.name.to_lowercase(),
            file: member.file.to_lowercase(),
        }
    }

    /// Whether `needle` (in lower case) is in the owner, name or file.
    pub(super) fn holds(&self, needle: &str) -> bool {
        needle.is_empty()
            || self.owner.contains(needle)
            || self.name.contains(needle)
            || self.file.contains(needle)
    }
}

impl Plan {
    /// Whether this plan has changes not saved.
    pub fn dirty(&self) -> bool {
        self.inputs != self.saved_inputs
    }
}

/// A plan's value in a column of figures, for sorting (a plan without one
/// sorts first, one never saved last).
#[expect(clippy::cast_precision_loss, reason = "small counts and days")]
pub(super) fn number_key(m: &Member, column: Column, now: DateTime<FixedOffset>) -> f64 {
    match column {
        Column::Owner | Column::Plan => 0.0,
        Column::Customers => m.customers,
        Column::Utilization => m.utilization,
        Column::Spare => m.spare_to_target,
        Column::Book => m.max_customers_at_target.map_or(-1.0, |v| v as f64),
        Column::Headroom => m.headroom.unwrap_or(f64::NEG_INFINITY),
        Column::Warnings => m.warnings as f64,
        Column::Age => m.age_days(now).map_or(f64::INFINITY, |d| d as f64),
    }
}

/// A plan from a file's text: parsed, checked against the model, planned.
///
/// # Errors
/// The file's problem, with its place.
pub fn plan_from(model: &Model, path: &Path, text: String) -> Result<Plan, Problem> {
    let source = path.display().to_string();
    let Planned {
        scenario,
        inputs,
        member,
    } = Planned::from_text(model, &source, &text)
        .map_err(|message| Problem::error(source.clone(), message))?;
    Ok(Plan {
        keys: Keys::of(&member),
        path: path.to_path_buf(),
        disk: text,
        scenario,
        saved_inputs: inputs.clone(),
        inputs,
        member,
        from_book: false,
    })
}

/// `plan` with its owner's counts from the CRM's book (`team
/// --book-file`), not saved: the file stays as it is until a save.
pub fn with_book(plan: Plan, model: &Model, book: Option<&TeamBook>) -> Plan {
    let Some(book) = book else {
        return plan;
    };
    let mut planned = Planned {
        scenario: plan.scenario,
        inputs: plan.inputs,
        member: plan.member,
    };
    book.apply(&mut planned, model);
    let from_book = planned.inputs != plan.saved_inputs;
    Plan {
        keys: Keys::of(&planned.member),
        scenario: planned.scenario,
        inputs: planned.inputs,
        member: planned.member,
        from_book,
        ..plan
    }
}
