//! `rules.toml`: an ordered list of case-insensitive regular expressions
//! over a logged entry's text, each naming a task of the model or PTO; the
//! first that matches wins. Every problem is reported with its line and
//! column: a regex that does not compile, a task the model lacks.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::domain::calibration::{MAX_REGEX_BYTES, MAX_RULES, NEST_LIMIT, Rule, Rules, Target};
use crate::domain::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use crate::domain::model::Model;
use crate::domain::text;

/// The starter `rules.toml` that `tamplan init` writes, commented.
pub const STARTER: &str = r#"# tamplan rules: which task logged hours belong to.
#
# Each [[rule]] is a regular expression, matched case-insensitively against
# an entry's text: project (or calendar), task, description and tags. The
# first rule that matches wins. An entry whose project or task is exactly a
# task's name needs no rule. Entries no rule matches are listed as
# "unplanned", largest first, so you can add the rule they need.

[[rule]]
match = "cadence|sync call|check-in"
task = "Cadence calls"

[[rule]]
match = "onboarding|kickoff|kick-off"
task = "Customer onboarding"

[[rule]]
match = "\\bebr\\b|business review"
task = "EBRs"

[[rule]]
match = "account plan|success plan"
task = "Account planning"

[[rule]]
match = "webinar|workshop"
task = "Webinars & workshops"

[[rule]]
match = "renewal"
task = "Renewals"

[[rule]]
match = "team meeting|1:1|all-hands|standup"
task = "Internal meetings"

[[rule]]
match = "vacation|holiday|\\bpto\\b|sick|day off"
pto = true
"#;

/// tamplan rules: they sort logged hours into the model's tasks or PTO.
// Also the rules file's JSON Schema: see `json_schema`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "tamplan rules")]
struct Raw {
    /// The rules in order: the first whose `match` finds an entry's text
    /// takes it.
    #[serde(default)]
    rule: Vec<RawRule>,
}

/// One rule: a pattern, and the task (or PTO) its entries count for.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawRule {
    /// A case-insensitive regular expression, searched in the entry's text.
    #[serde(rename = "match")]
    #[schemars(with = "String")]
    pattern: Spanned<String>,
    /// The name of a task of the model.
    #[schemars(with = "Option<String>")]
    task: Option<Spanned<String>>,
    /// `true`: the entry's hours are time off, not work.
    #[schemars(with = "Option<bool>")]
    pto: Option<Spanned<bool>>,
}

/// The JSON Schema (draft 7) of a rules file, from the types the loader
/// reads it with.
pub fn json_schema() -> schemars::Schema {
    crate::domain::schema::json_schema_for::<Raw>()
}

/// The most bytes one rule's pattern may hold: parsed, a pattern takes
/// thousands of times its length (a `\\w` is a class of 700 ranges) before
/// any size limit applies.
pub const MAX_PATTERN_BYTES: usize = 10_000;

/// The most memory one rule's pattern may take, compiled: 1 MiB.
const RULE_REGEX_BYTES: usize = 1 << 20;

/// Reads rules from TOML text; `source` names the file in problems. At
/// most [`MAX_RULES`] rules of at most [`MAX_PATTERN_BYTES`] each, taking
/// at most [`MAX_REGEX_BYTES`] compiled in all.
///
/// # Errors
/// Every problem, with line and column.
pub fn parse(text: &str, source: &str, model: &Model) -> Result<Rules, Diagnostics> {
    let raw: Raw =
        toml::from_str(text).map_err(|error| Diagnostics::from_toml(text, source, &error))?;
    let lines = LineIndex::new(text);
    let mut problems = Vec::new();
    let mut rules = Vec::new();
    // What the rules compiled so far take; once over, later rules are
    // checked for their task only.
    let mut budget = Some(MAX_REGEX_BYTES);
    let count = raw.rule.len();
    for (index, rule) in raw.rule.into_iter().enumerate() {
        if index == MAX_RULES {
            problems.push(lines.at(
                rule.pattern.span(),
                format!(
                    "rule {} of {count}: a rules file holds at most {MAX_RULES} rules; expected this rule and those after it merged into earlier ones or removed",
                    index + 1
                ),
            ));
            break;
        }
        let pattern = match budget {
            Some(left) => match compile(rule.pattern.get_ref(), left) {
                Ok(size) => {
                    budget = left.checked_sub(size);
                    if budget.is_none() {
                        problems.push(lines.at(rule.pattern.span(), over_budget()));
                    }
                    budget.map(|_| rule.pattern.get_ref().clone())
                }
                Err(Refused::Budget) => {
                    budget = None;
                    problems.push(lines.at(rule.pattern.span(), over_budget()));
                    None
                }
                Err(Refused::Pattern(why)) => {
                    problems.push(lines.at(
                        rule.pattern.span(),
                        format!(
                            "`match` {:?} is not a regular expression ({why}); expected one such as \"cadence|sync call\"",
                            text::sanitize(&shown(rule.pattern.get_ref()))
                        ),
                    ));
                    None
                }
            },
            None => None,
        };
        let target = target(&rule, model, &lines, &mut problems);
        if let (Some(pattern), Some(target)) = (pattern, target) {
            rules.push(Rule { pattern, target });
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics::new(source, problems));
    }
    // Each pattern compiled on its own within the budget: together they
    // fit too (the limit here is a backstop).
    Rules::new(rules).map_err(|error| {
        let why = error.to_string();
        Diagnostics::new(
            source,
            vec![lines.at(
                0..0,
                format!(
                    "the rules do not compile together ({}); expected at most {} MB of regular expressions in all",
                    why.lines().last().unwrap_or_default().trim(),
                    MAX_REGEX_BYTES >> 20
                ),
            )],
        )
    })
}

/// The task (or PTO) `rule` names, or a problem at it.
fn target(
    rule: &RawRule,
    model: &Model,
    lines: &LineIndex,
    problems: &mut Vec<Diagnostic>,
) -> Option<Target> {
    match (&rule.task, rule.pto.as_ref().map(|p| *p.get_ref())) {
        (Some(task), None | Some(false)) => {
            let found = model
                .rows
                .iter()
                .position(|row| row.task == *task.get_ref());
            if found.is_none() {
                problems.push(lines.at(
                    task.span(),
                    format!(
                        "task {:?} is not in the model; expected one of: {}",
                        text::sanitize(task.get_ref()),
                        model
                            .rows
                            .iter()
                            .map(|row| row.task.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            found.map(Target::Task)
        }
        (None, Some(true)) => Some(Target::Pto),
        (Some(_), Some(true)) => {
            problems.push(lines.at(
                rule.pattern.span(),
                "this rule names a task and `pto = true`; expected one of them".to_owned(),
            ));
            None
        }
        (None, _) => {
            problems.push(lines.at(
                rule.pattern.span(),
                "this rule names no task; expected `task = \"…\"` or `pto = true`".to_owned(),
            ));
            None
        }
    }
}

/// `pattern` as a message shows it: its first 80 characters.
fn shown(pattern: &str) -> String {
    match pattern.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", pattern.get(..end).unwrap_or_default()),
        None => pattern.to_owned(),
    }
}

/// Why a pattern was refused.
enum Refused {
    /// It does not fit in what is left of the rules' budget.
    Budget,
    /// It is not a regular expression, or too big on its own.
    Pattern(String),
}

/// The message for the rule that takes the rules over [`MAX_REGEX_BYTES`].
fn over_budget() -> String {
    format!(
        "the rules up to this one take more than {} MB of memory compiled; expected at most {} MB in all: simplify this pattern or those before it, or merge rules",
        MAX_REGEX_BYTES >> 20,
        MAX_REGEX_BYTES >> 20
    )
}

/// Compiles `pattern` on its own, as [`Rules::new`] does, within `left`
/// bytes: the memory it takes.
fn compile(pattern: &str, left: usize) -> Result<usize, Refused> {
    use regex_automata::{meta, nfa::thompson, util::syntax};

    if pattern.len() > MAX_PATTERN_BYTES {
        return Err(Refused::Pattern(format!(
            "{} bytes long; at most {MAX_PATTERN_BYTES}",
            pattern.len()
        )));
    }
    let limit = left.min(RULE_REGEX_BYTES);
    let built = meta::Builder::new()
        .configure(meta::Config::new().nfa_size_limit(Some(limit)))
        .syntax(
            syntax::Config::new()
                .case_insensitive(true)
                .nest_limit(NEST_LIMIT),
        )
        .build(pattern);
    match built {
        // What it takes is its NFA, the part the set's size limit counts
        // (the meta engine's own extras are not kept per rule).
        Ok(_) => thompson::Compiler::new()
            .syntax(
                syntax::Config::new()
                    .case_insensitive(true)
                    .nest_limit(NEST_LIMIT),
            )
            .configure(thompson::Config::new().nfa_size_limit(Some(limit)))
            .build(pattern)
            .map(|nfa| nfa.memory_usage())
            .map_err(|_| Refused::Budget),
        Err(error) => {
            if let Some(syntax) = error.syntax_error() {
                let why = syntax.to_string();
                Err(Refused::Pattern(
                    why.lines().last().unwrap_or_default().trim().to_owned(),
                ))
            } else if error.size_limit().is_some() && limit < RULE_REGEX_BYTES {
                Err(Refused::Budget)
            } else if error.size_limit().is_some() {
                Err(Refused::Pattern(format!(
                    "it compiles to more than {} MiB; expected a smaller pattern",
                    RULE_REGEX_BYTES >> 20
                )))
            } else {
                Err(Refused::Pattern(error.to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_rules_fit_the_built_in_model() {
        let model = Model::builtin().expect("valid");
        let rules = parse(STARTER, "rules.toml", &model).expect("valid");
        assert_eq!(rules.rules().len(), 8);
        assert_eq!(rules.rules()[7].target, Target::Pto);
    }

    #[test]
    fn a_pattern_nested_too_deeply_is_a_problem_at_its_place_not_a_crash() {
        let model = Model::builtin().expect("the built-in model");
        for pattern in [
            format!("pl{}", "+".repeat(215)),
            format!("{}x{}", "(".repeat(200), ")".repeat(200)),
        ] {
            let text = format!("[[rule]]\nmatch = \"{pattern}\"\ntask = \"Renewals\"\n");
            // On a thread with the test harness's 2 MiB stack, as the
            // corpus replay runs.
            let model = model.clone();
            let problems = std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || {
                    let error = parse(&text, "r.toml", &model).expect_err("refused");
                    error.to_string()
                })
                .expect("a thread")
                .join()
                .expect("no overflow");
            assert!(
                problems.contains("r.toml:2:9: `match`")
                    && problems.contains("nested parentheses/brackets (32)"),
                "{problems}"
            );
        }
        let fine = format!("{}x{}", "(".repeat(30), ")".repeat(30));
        let text = format!("[[rule]]\nmatch = \"{fine}\"\ntask = \"Renewals\"\n");
        assert!(parse(&text, "r.toml", &model).is_ok(), "30 levels are fine");
    }

    #[test]
    fn a_bad_regex_and_an_unknown_task_name_their_place() {
        let model = Model::builtin().expect("valid");
        let text = "[[rule]]\nmatch = \"(unclosed\"\ntask = \"EBRs\"\n\n[[rule]]\nmatch = \"x\"\ntask = \"Golf\"\n\n[[rule]]\nmatch = \"y\"\n";
        let problems = parse(text, "r.toml", &model)
            .expect_err("refused")
            .to_string();
        assert!(
            problems.contains("r.toml:2:9: `match` \"(unclosed\" is not a regular expression"),
            "{problems}"
        );
        assert!(
            problems.contains("r.toml:7:8: task \"Golf\" is not in the model"),
            "{problems}"
        );
        assert!(
            problems.contains("r.toml:10:9: this rule names no task"),
            "{problems}"
        );
    }
}
