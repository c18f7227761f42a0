//! `rules.toml`: an ordered list of case-insensitive regular expressions
//! over a logged entry's text, each naming a task of the model or PTO; the
//! first that matches wins. Every problem is reported with its line and
//! column: a regex that does not compile, a task the model lacks.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::domain::calibration::{Rule, Rules, Target};
use crate::domain::diagnostic::{Diagnostic, Diagnostics};
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

/// How deeply a rule's pattern may nest groups and repetitions.
const NEST_LIMIT: u32 = 32;

/// Reads rules from TOML text; `source` names the file in problems.
///
/// # Errors
/// Every problem, with line and column.
pub fn parse(text: &str, source: &str, model: &Model) -> Result<Rules, Diagnostics> {
    let raw: Raw =
        toml::from_str(text).map_err(|error| Diagnostics::from_toml(text, source, &error))?;
    let mut problems = Vec::new();
    let mut rules = Vec::new();
    for rule in raw.rule {
        let pattern = match regex::RegexBuilder::new(rule.pattern.get_ref())
            .case_insensitive(true)
            .size_limit(1 << 20)
            // The regex parser recurses once a level: 215 nested
            // repetitions (`a+++…`, within its default limit of 250)
            // overflow a 2 MiB thread stack in a debug build (found by
            // fuzzing). No rule needs more than 32.
            .nest_limit(NEST_LIMIT)
            .build()
        {
            Ok(pattern) => Some(pattern),
            Err(error) => {
                let why = error.to_string();
                let first = why.lines().last().unwrap_or_default().trim().to_owned();
                problems.push(Diagnostic::at(
                    text,
                    rule.pattern.span(),
                    format!(
                        "`match` {:?} is not a regular expression ({first}); expected one such as \"cadence|sync call\"",
                        text::sanitize(rule.pattern.get_ref())
                    ),
                ));
                None
            }
        };
        let target = match (&rule.task, rule.pto.as_ref().map(|p| *p.get_ref())) {
            (Some(task), None | Some(false)) => {
                let found = model
                    .rows
                    .iter()
                    .position(|row| row.task == *task.get_ref());
                if found.is_none() {
                    problems.push(Diagnostic::at(
                        text,
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
                problems.push(Diagnostic::at(
                    text,
                    rule.pattern.span(),
                    "this rule names a task and `pto = true`; expected one of them".to_owned(),
                ));
                None
            }
            (None, _) => {
                problems.push(Diagnostic::at(
                    text,
                    rule.pattern.span(),
                    "this rule names no task; expected `task = \"…\"` or `pto = true`".to_owned(),
                ));
                None
            }
        };
        if let (Some(pattern), Some(target)) = (pattern, target) {
            rules.push(Rule { pattern, target });
        }
    }
    if problems.is_empty() {
        Ok(Rules { rules })
    } else {
        Err(Diagnostics::new(source, problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_rules_fit_the_built_in_model() {
        let model = Model::builtin().expect("valid");
        let rules = parse(STARTER, "rules.toml", &model).expect("valid");
        assert_eq!(rules.rules.len(), 8);
        assert_eq!(rules.rules[7].target, Target::Pto);
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
