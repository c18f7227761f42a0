//! The team: every TAM's plan side by side, the team's totals, and how many
//! TAMs a book needs. Pure: the plans come in computed (`io::team` reads
//! the files), the clock is passed in.

use chrono::{DateTime, FixedOffset};

use crate::domain::engine::{Inputs, Plan, Status};
use crate::domain::model::{BOOK_COUNT, Model};
use crate::domain::scenario::Scenario;

/// A plan saved longer ago than this is flagged as stale.
pub const STALE_DAYS: i64 = 90;

/// One TAM's plan in the roll-up.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The scenario file.
    pub file: String,
    /// The scenario's name.
    pub name: String,
    /// The TAM.
    pub owner: String,
    /// When it was saved.
    pub saved: Option<DateTime<FixedOffset>>,
    /// Customers in the book.
    pub customers: f64,
    /// Planned ÷ available.
    pub utilization: f64,
    /// ok / near / over.
    pub status: Status,
    /// Planned hours a year.
    pub planned_hours: f64,
    /// Available hours a year.
    pub available_hours: f64,
    /// Hours spare at the plan's target utilization: available × target −
    /// planned (negative when above it), on the basis of
    /// `max_customers_at_target`.
    pub spare_to_target: f64,
    /// Book capacity at 100 %.
    pub max_customers: Option<u64>,
    /// Book capacity at the plan's target utilization.
    pub max_customers_at_target: Option<u64>,
    /// `max_customers_at_target` − customers (negative when over).
    pub headroom: Option<f64>,
    /// How many warnings the plan has.
    pub warnings: usize,
    /// The model's `warn_at`, to show the utilization without
    /// contradicting the status.
    pub warn_at: f64,
    /// The day of its last 1:1 (`reviewed`), if recorded.
    pub reviewed: Option<chrono::NaiveDate>,
    /// Whether it changed since that 1:1; `None` when no 1:1 is recorded or
    /// the plan then is not found (filled by `io::reviews`).
    pub changed_since_review: Option<bool>,
    /// The utilization of the plan's last versions in its repository's
    /// history, oldest first (at most 8; empty when not read or none).
    pub trend: Vec<f64>,
}

/// A plan file's text, read as the team reads it: the scenario, its
/// values and its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// Name, owner, note, saved date.
    pub scenario: Scenario,
    /// The values it sets, on the model's defaults.
    pub inputs: Inputs,
    /// Its figures.
    pub member: Member,
}

impl Planned {
    /// Parses `text` (from `source`, a file's path), checks it against
    /// `model` and plans it: the one plan loader of the team's report and
    /// the team view.
    ///
    /// # Errors
    /// Why it cannot be used, with its place: not TOML, not a scenario,
    /// made for another model, naming what the model lacks, or not
    /// plannable.
    pub fn from_text(model: &Model, source: &str, text: &str) -> Result<Planned, String> {
        let scenario = Scenario::parse(text, source).map_err(|problems| problems.to_string())?;
        let applied = scenario.apply(model);
        if let Some(first) = applied.unknown.first() {
            return Err(first.located(source));
        }
        let plan =
            crate::domain::engine::compute(model, &applied.inputs).map_err(|e| e.to_string())?;
        let member = Member::new(
            crate::domain::text::sanitize(source).into_owned(),
            &scenario,
            model,
            &applied.inputs,
            &plan,
        );
        Ok(Planned {
            scenario,
            inputs: applied.inputs,
            member,
        })
    }
}

impl Member {
    /// A member from a scenario, its inputs and its plan.
    #[expect(clippy::cast_precision_loss, reason = "book sizes are far below 2^52")]
    pub fn new(
        file: String,
        scenario: &Scenario,
        model: &Model,
        inputs: &Inputs,
        plan: &Plan,
    ) -> Member {
        let customers = model
            .count_id(BOOK_COUNT)
            .map_or(0.0, |id| inputs.count(id));
        Member {
            file,
            name: scenario.name.clone(),
            owner: scenario.owner.clone(),
            saved: scenario.saved,
            customers,
            utilization: plan.utilization,
            status: plan.status,
            planned_hours: plan.totals.yearly,
            available_hours: plan.capacity.available_hours,
            spare_to_target: plan.capacity.available_hours
                * plan.capacity.inputs.target_utilization
                - plan.totals.yearly,
            max_customers: plan.max_customers,
            max_customers_at_target: plan.max_customers_at_target,
            headroom: plan
                .max_customers_at_target
                .map(|max| max as f64 - customers),
            warnings: plan.warnings.len(),
            warn_at: plan.warn_at,
            reviewed: scenario.reviewed.map(|reviewed| reviewed.date),
            changed_since_review: None,
            trend: Vec::new(),
        }
    }

    /// Its utilization as a percentage that agrees with its status.
    pub fn percent(&self) -> String {
        crate::domain::text::utilization(self.utilization, self.warn_at)
    }

    /// [`Member::percent`] in at most `width` columns (`1.7T %` for a
    /// figure too long for it).
    pub fn percent_fit(&self, width: usize) -> String {
        crate::domain::text::utilization_fit(self.utilization, self.warn_at, width)
    }

    /// Whole days since the plan was saved, if it says when.
    pub fn age_days(&self, now: DateTime<FixedOffset>) -> Option<i64> {
        self.saved.map(|saved| (now - saved).num_days())
    }

    /// Whether the plan was saved more than [`STALE_DAYS`] ago.
    pub fn stale(&self, now: DateTime<FixedOffset>) -> bool {
        self.age_days(now).is_some_and(|days| days > STALE_DAYS)
    }
}

/// A file (or folder) of the team that did not load, and why: the one
/// finding type of every reader, made with
/// [`Finding::error`](crate::domain::diagnostic::Finding::error).
pub type Problem = crate::domain::diagnostic::Finding;

/// What a team folder holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Team {
    /// Plans that loaded, in path order.
    pub members: Vec<Member>,
    /// Files that did not, with their errors.
    pub problems: Vec<Problem>,
}

/// The team's figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Totals {
    /// Plans that loaded.
    pub plans: usize,
    /// Σ customers.
    pub customers: f64,
    /// Σ planned hours.
    pub planned_hours: f64,
    /// Σ available hours.
    pub available_hours: f64,
    /// Σ hours spare at each plan's target.
    pub spare_to_target: f64,
    /// Σ planned ÷ Σ available.
    pub utilization: f64,
    /// Σ book capacity at each plan's target.
    pub max_customers_at_target: u64,
    /// Σ headroom (negative when the team is over).
    pub headroom: f64,
    /// The plans' `warn_at` (they share a model; 0.9 with none).
    pub warn_at: f64,
}

impl Totals {
    /// The team's utilization as a percentage that never rounds onto 100 %
    /// or `warn_at` when it is not on it.
    pub fn percent(&self) -> String {
        crate::domain::text::utilization(self.utilization, self.warn_at)
    }

    /// [`Totals::percent`] in at most `width` columns.
    pub fn percent_fit(&self, width: usize) -> String {
        crate::domain::text::utilization_fit(self.utilization, self.warn_at, width)
    }
}

/// The team's totals over `members`, in one pass (the team view sums its
/// plans on every frame without copying them).
pub fn totals<'m>(members: impl IntoIterator<Item = &'m Member>) -> Totals {
    let mut t = Totals {
        plans: 0,
        customers: 0.0,
        planned_hours: 0.0,
        available_hours: 0.0,
        spare_to_target: 0.0,
        utilization: 0.0,
        max_customers_at_target: 0,
        headroom: 0.0,
        warn_at: 0.9,
    };
    for m in members {
        t.plans += 1;
        t.warn_at = m.warn_at;
        t.customers += m.customers;
        t.planned_hours += m.planned_hours;
        t.available_hours += m.available_hours;
        t.spare_to_target += m.spare_to_target;
        if let Some(max) = m.max_customers_at_target {
            t.max_customers_at_target = t.max_customers_at_target.saturating_add(max);
        }
        if let Some(headroom) = m.headroom {
            t.headroom += headroom;
        }
    }
    if t.available_hours > 0.0 {
        t.utilization = t.planned_hours / t.available_hours;
    }
    t
}

/// TAMs needed for a book of `book` customers when one TAM holds
/// `per_tam` at the target: ⌈`book` ÷ `per_tam`⌉. `None` when a TAM holds none.
pub fn tams_needed(book: u64, per_tam: Option<u64>) -> Option<u64> {
    match per_tam {
        Some(per_tam) if per_tam > 0 => Some(book.div_ceil(per_tam)),
        _ => None,
    }
}

/// How far the team's capacity is from a book of customers: capacity, not
/// heads (three plans at 25, 35 and 35 are one TAM short of a book of 100,
/// though ⌈100 ÷ 35⌉ = 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    /// The book, N customers.
    pub book: u64,
    /// TAMs of the default plan the whole book needs: ⌈N ÷ `per_tam`⌉.
    pub tams: Option<u64>,
    /// N − Σ `max_customers_at_target` of the plans; negative when the
    /// team has room.
    pub customers_short: i64,
    /// ⌈customers short ÷ `per_tam`⌉, or with room −⌊room ÷ `per_tam`⌋;
    /// `None` when a TAM of the default plan holds no customers.
    pub tams_short: Option<i64>,
}

/// Whether the team is short of what a book needs, or has room to spare
/// (none short counts as room: "0 customers spare").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Balance {
    /// Short by the figure.
    Short,
    /// Room to spare.
    Spare,
}

impl Balance {
    /// The balance of a count short (negative: room).
    pub fn of(short: i64) -> Balance {
        if short > 0 {
            Balance::Short
        } else {
            Balance::Spare
        }
    }
}

/// The team's shortfall for a book of `book` customers when its plans hold
/// `held` at their targets and a TAM of the default plan holds `per_tam`.
pub fn shortfall(book: u64, held: u64, per_tam: Option<u64>) -> Shortfall {
    let short = i128::from(book) - i128::from(held);
    let clamp = |n: i128| i64::try_from(n).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX });
    let tams_short = per_tam.filter(|per| *per > 0).map(|per| {
        let per = u128::from(per);
        let whole = short.unsigned_abs();
        if short > 0 {
            clamp(i128::try_from(whole.div_ceil(per)).unwrap_or(i128::MAX))
        } else {
            clamp(-i128::try_from(whole / per).unwrap_or(i128::MAX))
        }
    });
    Shortfall {
        book,
        tams: tams_needed(book, per_tam),
        customers_short: clamp(short),
        tams_short,
    }
}

/// Owners that have more than one plan, each once, in first-seen order.
pub fn duplicate_owners<'m>(members: impl IntoIterator<Item = &'m Member>) -> Vec<String> {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut counted: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut twice: Vec<String> = Vec::new();
    for member in members {
        let owner = member.owner.as_str();
        if !owner.is_empty() && !seen.insert(owner) && counted.insert(owner) {
            twice.push(owner.to_owned());
        }
    }
    twice
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "whole numbers, summed exactly")]
mod tests {
    use super::*;
    use crate::domain::engine::{Input, compute};

    fn member(model: &Model, owner: &str, customers: f64) -> Member {
        let mut inputs = Inputs::defaults(model);
        inputs.set(
            Input::by_name(model, "customers").expect("count"),
            customers,
        );
        let plan = compute(model, &inputs).expect("plan");
        let scenario = Scenario {
            name: format!("{owner}'s plan"),
            owner: owner.to_owned(),
            ..Scenario::default()
        };
        Member::new(format!("{owner}.toml"), &scenario, model, &inputs, &plan)
    }

    #[test]
    fn the_team_adds_up_plan_by_plan() {
        let model = Model::builtin().expect("valid");
        let members = [
            member(&model, "ana", 30.0),
            member(&model, "ben", 40.0),
            member(&model, "ana", 35.0),
        ];
        // 30 customers: 1,632 − 5 × 948 / 35 = 1,496.57 h planned.
        assert!((members[0].planned_hours - (1632.0 - 5.0 * 948.0 / 35.0)).abs() < 1e-9);
        assert_eq!(members[0].headroom, Some(5.0), "35 at 100 % − 30");
        assert_eq!(members[1].headroom, Some(-5.0));
        assert_eq!(members[1].status, Status::Over);
        let totals = totals(&members);
        assert_eq!(totals.plans, 3);
        assert_eq!(totals.customers, 105.0);
        assert_eq!(totals.available_hours, 3.0 * 1632.0);
        assert!(
            (totals.planned_hours - 3.0 * 1632.0).abs() < 1e-9,
            "±5 customers cancel"
        );
        assert!((totals.utilization - 1.0).abs() < 1e-9);
        assert_eq!(totals.max_customers_at_target, 105);
        assert_eq!(totals.headroom, 0.0);
        assert_eq!(duplicate_owners(&members), ["ana"]);
    }

    #[test]
    fn tams_needed_rounds_up() {
        assert_eq!(tams_needed(100, Some(35)), Some(3));
        assert_eq!(tams_needed(105, Some(35)), Some(3));
        assert_eq!(tams_needed(106, Some(35)), Some(4));
        assert_eq!(tams_needed(0, Some(35)), Some(0));
        assert_eq!(tams_needed(10, Some(0)), None);
        assert_eq!(tams_needed(10, None), None);
    }

    #[test]
    fn the_shortfall_is_capacity_not_heads() {
        // Plans holding 25 + 35 + 35 = 95: a book of 100 is 5 short, one
        // TAM more, though ⌈100 ÷ 35⌉ is the three there are.
        let short = shortfall(100, 95, Some(35));
        assert_eq!(short.tams, Some(3));
        assert_eq!(short.customers_short, 5);
        assert_eq!(short.tams_short, Some(1));
        assert_eq!(
            shortfall(165, 95, Some(35)).tams_short,
            Some(2),
            "⌈70 ÷ 35⌉"
        );
        assert_eq!(shortfall(166, 95, Some(35)).tams_short, Some(3));
        // Room: 75 customers spare are two whole TAMs, not three.
        let room = shortfall(20, 95, Some(35));
        assert_eq!(room.customers_short, -75);
        assert_eq!(room.tams_short, Some(-2));
        assert_eq!(shortfall(95, 95, Some(35)).tams_short, Some(0));
        assert_eq!(shortfall(100, 95, Some(0)).tams_short, None);
        assert_eq!(shortfall(100, 95, None).tams_short, None);
        assert_eq!(shortfall(u64::MAX, 0, Some(1)).customers_short, i64::MAX);
    }

    #[test]
    fn a_plan_saved_over_ninety_days_ago_is_stale() {
        let model = Model::builtin().expect("valid");
        let mut m = member(&model, "ana", 30.0);
        let now = DateTime::parse_from_rfc3339("2026-11-23T12:00:00+00:00").expect("date");
        assert!(!m.stale(now), "no date: not judged");
        m.saved = DateTime::parse_from_rfc3339("2026-08-24T12:00:00+00:00").ok();
        assert_eq!(m.age_days(now), Some(91));
        assert!(m.stale(now));
        m.saved = DateTime::parse_from_rfc3339("2026-08-25T12:00:00+00:00").ok();
        assert!(!m.stale(now), "90 days is not over 90");
    }
}
