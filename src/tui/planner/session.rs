//! Saving, opening, comparing, exporting and restoring: the part of the
//! planner that deals with scenario files (through [`Effect`]s; no I/O
//! here).

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use super::{
    Action, App, Baseline, Choice, Document, Edit, EditTarget, Effect, InFlight, Modal, Next,
    Overlay, PRESETS, Pick, Reviewing, SaveFlow, Screen, Since, SinceRead, Then,
};
use crate::domain::engine::{self, Inputs};
use crate::domain::scenario::Scenario;
use crate::io::store::{self, Listed, Recovery};

impl App {
    pub(super) fn quit_or_ask(&mut self) {
        self.cancel_edit();
        if self.is_dirty() {
            self.overlay = Overlay::Dialog(Modal::Unsaved(Next::Quit));
        } else {
            self.quit = true;
        }
    }

    /// Drops the prompt and whatever was to follow it.
    pub(super) fn cancel_edit(&mut self) {
        if matches!(self.overlay, Overlay::Prompt(_)) {
            self.overlay = Overlay::None;
        }
        self.save_flow = SaveFlow::Idle;
    }

    /// Carries on after the unsaved-changes dialog.
    pub(super) fn proceed(&mut self, next: Next) {
        match next {
            Next::Quit => self.quit = true,
            Next::Open => self.effects.push(Effect::List(Pick::Open)),
        }
    }

    /// Saves to the plan's file, or asks a name and an owner first; `then`
    /// follows a successful save.
    pub(super) fn save(&mut self, save_as: bool, then: Option<Next>) {
        if let Some(writing) = &self.writing {
            // A second write now would race the first, and find the file
            // "changed on disk" by it.
            self.message = Some(format!(
                "Still saving to {}; save again once it is done",
                writing.path.display()
            ));
            return;
        }
        if let (Some(path), false) = (&self.document.path, save_as) {
            let path = path.clone();
            let expected = self.document.disk.clone();
            self.save_flow = SaveFlow::Writing {
                then,
                previous: None,
            };
            self.write(path, expected);
        } else {
            self.save_flow = SaveFlow::Naming { then };
            let buffer = if save_as {
                String::new()
            } else {
                self.document.meta.name.clone()
            };
            self.overlay = Overlay::Prompt(Edit::new(EditTarget::Name { save_as }, buffer));
        }
    }

    /// The scenario text for the current values, stamped now.
    pub(super) fn scenario_text(&self) -> Result<(String, DateTime<FixedOffset>), String> {
        let now = (self.settings.now)();
        Scenario::stamped(&self.model, &self.inputs, &self.document.meta, now)
            .to_toml()
            .map(|text| (text, now))
            .map_err(|error| format!("Cannot save: {error}"))
    }

    pub(super) fn write(&mut self, path: PathBuf, expected: Option<String>) {
        self.write_with(path, expected, false);
    }

    /// Asks for the save; `force` writes a file that is gone or read-only.
    pub(super) fn write_with(&mut self, path: PathBuf, expected: Option<String>, force: bool) {
        match self.scenario_text() {
            Ok((text, _)) => {
                self.writing = Some(InFlight {
                    path: path.clone(),
                    inputs: self.inputs.clone(),
                    note: self.document.meta.note.clone(),
                });
                self.effects.push(Effect::Save {
                    path,
                    text,
                    expected,
                    force,
                });
            }
            Err(why) => self.message = Some(why),
        }
    }

    /// The result of file work (a save, a read, a list, an export).
    pub(super) fn file_work_done(&mut self, action: Action) {
        match action {
            Action::Saved { path, text, note } => self.saved(path, text, note),
            Action::Notice(text) => self.message = Some(text),
            Action::Saving(path) => {
                self.message = Some(format!(
                    "Saving to {}… (the disk is slow to answer; keys still work)",
                    path.display()
                ));
            }
            Action::SaveEnded(result) => {
                let written = self.writing.take();
                match *result {
                    Action::Saved { path, text, note } => {
                        self.saved_as(path, text, note, written);
                    }
                    other => self.update(other),
                }
            }
            Action::SaveRefused { path, why } => {
                self.overlay = Overlay::Dialog(Modal::Refused { path, why });
            }
            Action::SaveConflict { path, disk } => {
                // The save flow stays: overwrite or save as still quit or
                // open afterwards when that was asked.
                self.overlay = Overlay::Dialog(Modal::Conflict { path, disk });
            }
            Action::Opened {
                path,
                text,
                purpose,
            } => self.opened(path, &text, purpose, false),
            Action::Listed(purpose, entries) => self.listed(purpose, entries),
            Action::Exported(path) => {
                self.message = Some(format!("Exported the 1:1 summary to {}", path.display()));
            }
            Action::Recovered(recovery) => self.recovered(recovery),
            Action::Failed(why) => {
                // The reason whole, in a dialog: a footer line would cut it.
                self.abandon_save();
                self.overlay = Overlay::Dialog(Modal::Failed(why));
            }
            // Not file work: applied as any other action.
            other => self.update(other),
        }
    }

    /// A save ended well (told without what it wrote: the values now).
    pub(super) fn saved(&mut self, path: PathBuf, text: String, note: Option<String>) {
        self.saved_as(path, text, note, None);
    }

    /// A save ended well: `path` holds `text`, written from `written` (the
    /// values and note when the save was asked; `None`: the values now).
    pub(super) fn saved_as(
        &mut self,
        path: PathBuf,
        text: String,
        note: Option<String>,
        written: Option<InFlight>,
    ) {
        if let Ok(scenario) = Scenario::parse(&text, "") {
            self.document.meta.saved = scenario.saved;
        }
        self.message = Some(match note {
            Some(note) => format!("Saved to {}; {note}", path.display()),
            None => format!("Saved to {}", path.display()),
        });
        let new_file = self.document.path.as_ref() != Some(&path);
        self.document.path = Some(path);
        self.document.disk = Some(text);
        let (inputs, note) = written.map_or_else(
            || (self.inputs.clone(), self.document.meta.note.clone()),
            |InFlight { inputs, note, .. }| (inputs, note),
        );
        self.document.saved_inputs = inputs;
        self.document.saved_note = note;
        if let (Some(review), Some(path), Some(text)) = (
            self.reviewing.take(),
            self.document.path.clone(),
            self.document.disk.clone(),
        ) {
            self.reviewed_saved(review, path, text);
        } else if new_file {
            self.read_since();
        }
        if let SaveFlow::Writing {
            then: Some(next), ..
        } = std::mem::replace(&mut self.save_flow, SaveFlow::Idle)
        {
            self.proceed(next);
        }
    }

    /// The 1:1 export in the format chosen ([`Choice::Markdown`], else
    /// HTML): the summary against the baseline, or the document with the
    /// logged hours held against the plan.
    pub(super) fn export(&mut self, format: Choice) {
        let now = (self.settings.now)();
        let name = if self.document.meta.name.is_empty() {
            "plan"
        } else {
            &self.document.meta.name
        };
        let stem = store::file_name(name);
        let stem = stem.trim_end_matches(".toml");
        let path = self.settings.exports_dir.join(format!(
            "{stem}-{}.{}",
            now.format("%Y-%m-%d"),
            if format == Choice::Markdown {
                "md"
            } else {
                "html"
            }
        ));
        let since = self.since_section();
        if format != Choice::Markdown {
            use crate::report::Render as _;
            let text = crate::report::PlanDocument {
                report: crate::report::Report {
                    model: &self.model,
                    model_source: &self.source,
                    scenario: Some(&self.document.meta),
                    inputs: &self.inputs,
                    plan: &self.plan,
                },
                logged: self.logged(),
                since: since.as_ref(),
                date: Some(now),
            }
            .html();
            self.effects.push(Effect::Export { path, text });
            return;
        }
        let text = crate::report::Summary {
            model: &self.model,
            model_source: &self.source,
            scenario: &self.document.meta,
            inputs: &self.inputs,
            plan: &self.plan,
            baseline_label: &self.baseline.label,
            baseline_inputs: &self.baseline.inputs,
            baseline: &self.baseline.plan,
            date: Some(now),
            since: since.as_ref(),
        }
        .markdown();
        self.effects.push(Effect::Export { path, text });
    }

    /// Marks the plan reviewed today and saves it: the usual save with its
    /// conflict check; once written, a copy as reviewed is kept. A plan
    /// never saved is saved first (a name asked), then marked.
    pub(super) fn mark_reviewed(&mut self) {
        if self.writing.is_some() {
            self.save(false, None); // says a save is under way
            return;
        }
        if self.document.path.is_none() {
            self.message =
                Some("Save the plan first (s): a review is kept for a saved plan".to_owned());
            return;
        }
        let date = (self.settings.now)().date_naive();
        self.reviewing = Some(Reviewing {
            date,
            before: self.document.meta.reviewed,
        });
        self.document.meta.reviewed = Some(crate::domain::scenario::Reviewed::on(date));
        self.save(false, None);
    }

    /// A review was written to `path` as `text`: keep the copy, and the
    /// plan now is the plan since the last 1:1.
    fn reviewed_saved(&mut self, review: Reviewing, path: PathBuf, text: String) {
        self.message = Some(format!(
            "Marked reviewed on {} and saved to {}",
            review.date,
            path.display()
        ));
        self.since = Some(Since::Found {
            reviewed: Some(review.date),
            head: false,
            then: Box::new(Then {
                scenario: self.document.meta.clone(),
                inputs: self.document.saved_inputs.clone(),
                plan: engine::compute(&self.model, &self.document.saved_inputs)
                    .unwrap_or_else(|_| self.plan.clone()),
            }),
        });
        self.effects.push(Effect::KeepReview {
            plan: path,
            date: review.date,
            text,
        });
    }

    /// Asks for the plan since the last 1:1 of the open file (read off the
    /// loop; the line shows once it is read).
    pub(super) fn read_since(&mut self) {
        self.since = None;
        if let Some(path) = &self.document.path {
            self.effects.push(Effect::ReadSince {
                plan: path.clone(),
                reviewed: self.document.meta.reviewed.map(|r| r.date),
            });
        }
    }

    /// The plan since the last 1:1 was read: loaded with the model, or why
    /// not.
    pub(super) fn since_read(&mut self, read: SinceRead) {
        if self.document.path.as_ref() != Some(&read.plan) {
            return; // another plan is open now
        }
        let reviewed = self.document.meta.reviewed.map(|r| r.date);
        let found = read.found.and_then(|baseline| {
            let source = baseline.label();
            let scenario = Scenario::parse(&baseline.text, &source).map_err(|problems| {
                let text = problems.to_string();
                format!(
                    "{} does not load: {}",
                    source,
                    text.lines().next().unwrap_or_default()
                )
            })?;
            let applied = scenario.apply(&self.model);
            let plan = engine::compute(&self.model, &applied.inputs)
                .map_err(|error| format!("{source}: {error}"))?;
            Ok((baseline, scenario, applied.inputs, plan))
        });
        self.since = Some(match found {
            Ok((baseline, scenario, inputs, plan)) => Since::Found {
                reviewed: baseline.reviewed,
                head: baseline.is_head(),
                then: Box::new(Then {
                    scenario,
                    inputs,
                    plan,
                }),
            },
            Err(why) => Since::Missing { reviewed, why },
        });
    }

    /// The diff since the last 1:1, for the 1:1 summary and document.
    pub(super) fn since_section(&self) -> Option<crate::report::SinceSection> {
        use crate::domain::diff::{Compared, Version};
        let diff = self.since_diff()?;
        let (reviewed, head) = match &self.since {
            Some(Since::Found { reviewed, head, .. }) => (*reviewed, *head),
            _ => (None, true),
        };
        let label = crate::report::SinceSection::compared_with(reviewed, head);
        let version = |reviewed, label| Version {
            commit: None,
            time: None,
            reviewed,
            label,
        };
        Some(crate::report::SinceSection {
            compared: Compared {
                file: self.document.path.as_ref()?.display().to_string(),
                from: version(reviewed, label.clone()),
                to: version(
                    self.document.meta.reviewed.map(|r| r.date),
                    "the plan on screen".to_owned(),
                ),
                diff,
                notes: Vec::new(),
            },
            label,
        })
    }

    pub(super) fn listed(&mut self, purpose: Pick, mut entries: Vec<Listed>) {
        if purpose == Pick::Baseline {
            entries.insert(
                0,
                Listed {
                    path: PathBuf::new(),
                    scenario: None,
                    utilization: Some(self.plan_of_defaults()),
                    problem: None,
                },
            );
        } else if entries.is_empty() {
            self.message = Some(format!(
                "No saved scenarios in {} yet; s saves one",
                self.settings.scenarios_dir.display()
            ));
            return;
        }
        self.overlay = Overlay::Dialog(Modal::Picker {
            purpose,
            entries,
            selected: 0,
        });
    }

    pub(super) fn plan_of_defaults(&self) -> f64 {
        engine::compute(&self.model, &Inputs::defaults(&self.model))
            .map_or(0.0, |plan| plan.utilization)
    }

    /// Asks for the history screen of the plan's file; the built-in plan,
    /// never saved, has none.
    pub(super) fn open_history(&mut self) {
        match &self.document.path {
            None => {
                self.message = Some(
                    "The built-in plan is not saved to a file, so it has no history: save it (s) in a git repository and commit it"
                        .to_owned(),
                );
            }
            Some(path) => {
                self.history = Some(Box::new(crate::tui::history::HistoryApp::new(
                    path.clone(),
                    self.model.clone(),
                    self.plan.capacity.inputs.target_utilization,
                )));
            }
        }
    }

    /// The history screen is gone: the history screen asked for, once.
    pub fn take_history(&mut self) -> Option<Box<crate::tui::history::HistoryApp>> {
        self.history.take()
    }

    /// Compares the plan with a version from its history (`label`, its
    /// `text`), in the compare view.
    pub(super) fn compare_with(&mut self, label: String, text: &str) {
        let scenario = match Scenario::parse(text, &label) {
            Ok(scenario) => scenario,
            Err(problems) => {
                let first = problems.to_string();
                self.message = Some(format!(
                    "Not compared: {}",
                    first.lines().next().unwrap_or_default()
                ));
                return;
            }
        };
        let applied = scenario.apply(&self.model);
        match engine::compute(&self.model, &applied.inputs) {
            Ok(plan) => {
                self.baseline = Baseline {
                    label,
                    inputs: applied.inputs,
                    plan,
                };
                self.screen = Screen::Compare;
            }
            Err(error) => self.message = Some(format!("Not compared: {error}")),
        }
    }

    /// A scenario file was read. `agreed`: the user accepted leaving out
    /// names the model lacks.
    pub(super) fn opened(&mut self, path: PathBuf, text: &str, purpose: Pick, agreed: bool) {
        let scenario = match Scenario::parse(text, &path.display().to_string()) {
            Ok(scenario) => scenario,
            Err(problems) => {
                let first = problems.to_string();
                let first = first.lines().next().unwrap_or_default().to_owned();
                self.message = Some(format!("Not opened: {first}"));
                return;
            }
        };
        let applied = scenario.apply(&self.model);
        if !applied.unknown.is_empty() && !agreed {
            let problems = applied
                .unknown
                .iter()
                .map(|d| d.located(&path.display().to_string()))
                .collect();
            self.overlay = Overlay::Dialog(Modal::Unknown {
                path,
                problems,
                text: text.to_owned(),
                purpose,
            });
            return;
        }
        let name = if scenario.name.is_empty() {
            path.display().to_string()
        } else {
            scenario.name.clone()
        };
        match purpose {
            Pick::Baseline => match engine::compute(&self.model, &applied.inputs) {
                Ok(plan) => {
                    self.baseline = Baseline {
                        label: name,
                        inputs: applied.inputs,
                        plan,
                    };
                    self.screen = Screen::Compare;
                }
                Err(error) => self.message = Some(format!("Not used as baseline: {error}")),
            },
            Pick::Open => {
                let left_out = applied.unknown.len();
                if self.restore_inputs(applied.inputs) {
                    // Another file: undo must not carry this plan's values
                    // into it.
                    self.undo.clear();
                    self.document = Document {
                        path: (!path.as_os_str().is_empty()).then_some(path),
                        saved_note: scenario.note.clone(),
                        meta: scenario,
                        disk: Some(text.to_owned()),
                        saved_inputs: self.inputs.clone(),
                    };
                    self.read_since();
                    if left_out == 0 {
                        let today = (self.settings.now)().date_naive();
                        self.message = Some(match self.document.meta.reviewed_in_future(today) {
                            Some(warning) => {
                                format!("Opened {name}; line {}: {}", warning.line, warning.message)
                            }
                            None => format!("Opened {name}"),
                        });
                    } else {
                        // Saving over the file would drop what was left
                        // out: this plan is saved under a new name.
                        self.document.path = None;
                        self.document.disk = None;
                        self.message = Some(format!(
                            "Opened {name} without {} this model lacks; s saves it under a new name, the file stays as it is",
                            crate::domain::text::count(left_out, "value", "values")
                        ));
                    }
                }
            }
        }
    }

    /// Offers recovered work now, or after the dialog that is open.
    pub(super) fn recovered(&mut self, recovery: Recovery) {
        if self.overlay == Overlay::None {
            self.overlay = Overlay::Dialog(Modal::Restore(recovery));
        } else {
            self.recoveries.push(recovery);
        }
    }

    /// Shows the next recovered work, if any waits. (After one was restored,
    /// the others wait for a later start: one plan is open at a time.)
    pub(super) fn offer_next_recovery(&mut self) {
        if self.recoveries.is_empty() {
            return;
        }
        let next = self.recoveries.remove(0);
        self.overlay = Overlay::Dialog(Modal::Restore(next));
    }

    /// Restores unsaved work of an earlier session. The recovery file is
    /// removed only when everything in it was restored.
    pub(super) fn restore(&mut self, recovery: Recovery) {
        let Ok(scenario) =
            Scenario::parse(&recovery.scenario, &recovery.path.display().to_string())
        else {
            self.message = Some(format!(
                "{} cannot be read; it was kept",
                recovery.path.display()
            ));
            return;
        };
        let applied = scenario.apply(&self.model);
        if !self.restore_inputs(applied.inputs) {
            return;
        }
        self.undo.clear();
        self.document = Document {
            path: recovery.file,
            disk: None,
            saved_inputs: Inputs::defaults(&self.model),
            saved_note: String::new(),
            meta: scenario,
        };
        // What the file holds now is unknown, so a save asks before writing
        // over it; the restored work counts as unsaved.
        self.document.meta.saved = None;
        if applied.unknown.is_empty() {
            self.effects.push(Effect::ForgetRecovery(recovery.path));
            self.message = Some("Restored the unsaved plan of the last session".to_owned());
        } else {
            self.message = Some(format!(
                "Restored all but {} this model lacks; {} was kept",
                crate::domain::text::count(applied.unknown.len(), "value", "values"),
                recovery.path.display()
            ));
        }
    }

    pub(super) fn choose(&mut self, choice: Choice) {
        let Overlay::Dialog(modal) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        match (modal, choice) {
            (Modal::Unsaved(next), Choice::Save) => self.save(false, Some(next)),
            (Modal::Unsaved(next), Choice::Discard) => self.proceed(next),
            (Modal::Conflict { path, disk }, Choice::Overwrite) => {
                let previous = match &mut self.save_flow {
                    SaveFlow::Writing { previous, .. } => previous.take(),
                    _ => None,
                };
                self.save_flow = SaveFlow::Writing {
                    then: self.save_flow.then(),
                    previous,
                };
                self.write(path, Some(disk));
            }
            (Modal::Conflict { path, disk }, Choice::Reload) => {
                self.abandon_save();
                self.opened(path, &disk, Pick::Open, false);
            }
            (Modal::Conflict { .. } | Modal::Refused { .. }, Choice::SaveAs) => {
                let then = self.save_flow.then();
                self.abandon_save();
                self.save(true, then);
            }
            (Modal::Refused { path, .. }, Choice::Overwrite) => {
                let expected = self.document.disk.clone();
                self.write_with(path, expected, true);
            }
            (Modal::Conflict { .. } | Modal::Unsaved(_) | Modal::Refused { .. }, _) => {
                self.abandon_save();
            }
            (
                Modal::Picker {
                    purpose,
                    entries,
                    selected,
                },
                Choice::Yes,
            ) => match entries.get(selected) {
                Some(entry) if purpose == Pick::Baseline && entry.path.as_os_str().is_empty() => {
                    let inputs = Inputs::defaults(&self.model);
                    if let Ok(plan) = engine::compute(&self.model, &inputs) {
                        self.baseline = Baseline {
                            label: "model defaults".to_owned(),
                            inputs,
                            plan,
                        };
                        self.screen = Screen::Compare;
                    }
                }
                Some(entry) if entry.problem.is_some() => {
                    self.message = entry.problem.clone().map(|p| format!("Not opened: {p}"));
                }
                Some(entry) => self.effects.push(Effect::Read(entry.path.clone(), purpose)),
                None => {}
            },
            (Modal::Restore(recovery), Choice::Yes) => self.restore(recovery),
            (Modal::Restore(recovery), Choice::Discard) => {
                self.effects.push(Effect::ForgetRecovery(recovery.path));
                self.offer_next_recovery();
            }
            (Modal::Restore(recovery), _) => {
                self.message = Some(format!(
                    "Kept {}; the next start offers it again",
                    recovery.path.display()
                ));
                self.offer_next_recovery();
            }
            (
                Modal::Unknown {
                    path,
                    text,
                    purpose,
                    ..
                },
                Choice::Yes,
            ) => self.opened(path, &text, purpose, true),
            (Modal::Export, Choice::Markdown) => self.export(Choice::Markdown),
            (Modal::Export, Choice::Html) => self.export(Choice::Html),
            (Modal::Presets, Choice::Preset(index)) => {
                if let Some((label, week, day)) = PRESETS.get(index) {
                    let mut inputs = self.inputs.clone();
                    inputs.set_working_week(*week, *day);
                    self.apply(inputs);
                    self.message = Some(format!("Working week: {label} (u undoes it)"));
                }
            }
            (
                Modal::Picker { .. }
                | Modal::Unknown { .. }
                | Modal::Presets
                | Modal::Export
                | Modal::Failed(_),
                _,
            ) => {}
        }
    }
}
