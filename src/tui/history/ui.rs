//! Drawing the history screen from `&HistoryApp`; nothing here changes
//! state. The chart is text: bars of block characters, the target a line
//! of `─` with its figure on the axis, the version selected marked `▲`
//! under its bar, a version that does not load `×` — readable without
//! colour.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{HistoryApp, KEYS, Loaded};
use crate::domain::history::{PlanHistory, PlanVersion};
use crate::domain::text::{number, percent, sanitize};
use crate::tui::keymap;
use crate::tui::theme::{Theme, status_symbol};
use crate::tui::widgets::{centered, fit, help_popup, key_lines, offset};

/// The smallest terminal the screen fits.
const MIN: (u16, u16) = (50, 12);

/// The eighths of a block, for a bar's top.
const EIGHTHS: [char; 8] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇'];

/// Draws the history screen.
pub fn draw(frame: &mut Frame, app: &HistoryApp, theme: Theme) {
    let area = frame.area();
    if area.width < MIN.0 || area.height < MIN.1 {
        frame.render_widget(
            Paragraph::new(format!(
                "terminal too small — need {}×{} (now {}×{}); enlarge it or press Esc",
                MIN.0, MIN.1, area.width, area.height
            ))
            .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let chart_height = if area.height >= 32 { 14 } else { 9 };
    let [title, body, note, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let file = sanitize(&app.file().display().to_string()).into_owned();
    let width = usize::from(area.width);
    let heading = match (app.loaded(), app.shown()) {
        (Loaded::Versions { plan, .. }, Some((inside, repository))) => format!(
            "History · {} · {} · repository {}",
            sanitize(inside),
            count_versions(plan),
            sanitize(repository)
        ),
        _ => format!("History · {file}"),
    };
    frame.render_widget(
        Paragraph::new(fit(&heading, width)).style(Style::new().add_modifier(Modifier::BOLD)),
        title,
    );
    let file = app.file().file_name().map_or_else(
        || file.clone(),
        |n| sanitize(&n.to_string_lossy()).into_owned(),
    );
    let said = match app.loaded() {
        Loaded::Reading => Some("Reading the history…".to_owned()),
        Loaded::NotARepository => Some(format!(
            "{file} is not in a git repository: no history. Commit it to a repository to see how it changed."
        )),
        Loaded::NoHistory(_) => Some(format!(
            "No history yet: {file} has no committed version. Commit it, and each commit that changes it is a version."
        )),
        Loaded::Failed(error) => Some(format!(
            "The history could not be read: {}",
            sanitize(error)
        )),
        Loaded::Versions { .. } => None,
    };
    if let Some(said) = said {
        frame.render_widget(
            Paragraph::new(said)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            centered(body, body.width.saturating_sub(4), 3),
        );
    }
    if let Loaded::Versions { plan, notes } = app.loaded() {
        let [chart, table] =
            Layout::vertical([Constraint::Length(chart_height), Constraint::Fill(1)]).areas(body);
        draw_chart(frame, app, plan, theme, chart);
        draw_table(frame, app, plan, theme, table);
        let line = app
            .message()
            .map(str::to_owned)
            .or_else(|| notes.first().map(|n| sanitize(n).into_owned()))
            .unwrap_or_default();
        frame.render_widget(Paragraph::new(fit(&line, width)).style(theme.dim()), note);
    }
    let hints = keymap::hints(KEYS, &()).join(" · ");
    frame.render_widget(
        Paragraph::new(fit(&format!(" {hints}"), width))
            .style(Style::new().add_modifier(Modifier::REVERSED)),
        footer,
    );
    if app.help_open() {
        draw_help(frame, theme, area);
    }
}

fn count_versions(plan: &PlanHistory) -> String {
    crate::domain::text::count(plan.versions.len(), "version", "versions")
}

/// The chart's scale: the top of the axis, a whole ten per cent above the
/// highest of the versions and the target.
fn scale_top(plan: &PlanHistory, target: f64) -> f64 {
    let highest = plan
        .versions
        .iter()
        .filter_map(|v| v.figures.as_ref().ok())
        .map(|m| m.utilization)
        .filter(|u| u.is_finite())
        .fold(target.max(0.0), f64::max);
    ((highest * 10.0).floor() + 1.0) / 10.0
}

/// How many eighths of `rows` rows a bar of `value` fills, on a scale to
/// `top`.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "clamped to 0..=rows*8 first"
)]
fn eighths(value: f64, top: f64, rows: usize) -> usize {
    let most = f64::from(u32::try_from(rows * 8).unwrap_or(u32::MAX));
    let filled = (value / top * most).round();
    if filled.is_finite() {
        filled.clamp(0.0, most) as usize
    } else {
        0
    }
}

fn draw_chart(frame: &mut Frame, app: &HistoryApp, plan: &PlanHistory, theme: Theme, area: Rect) {
    let block = theme.block(
        &format!(
            "Utilization per version · ─ target {}",
            percent(app.target())
        ),
        false,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The plot's rows, and one below for the marks.
    let rows = usize::from(inner.height).saturating_sub(1);
    if rows == 0 {
        return;
    }
    let axis = 7;
    let columns = usize::from(inner.width).saturating_sub(axis) / 2;
    let count = plan.versions.len();
    // The newest versions that fit, oldest on the left.
    let first = count.saturating_sub(columns);
    let shown: Vec<(usize, &PlanVersion)> = plan.versions.iter().enumerate().skip(first).collect();
    let selected = count.checked_sub(app.selected() + 1);
    let top = scale_top(plan, app.target());
    let target_level = eighths(app.target(), top, rows) / 8;
    let mut lines: Vec<Line> = Vec::with_capacity(rows + 1);
    for row in 0..rows {
        let level = rows - 1 - row;
        let label = if row == 0 {
            percent(top)
        } else if level == target_level {
            percent(app.target())
        } else if level == 0 {
            "0 %".to_owned()
        } else {
            String::new()
        };
        let mut spans = vec![Span::styled(format!("{label:>5} ┤"), theme.dim())];
        for (_, version) in &shown {
            let cell = match &version.figures {
                Ok(member) => {
                    let filled = eighths(member.utilization, top, rows);
                    let (full, part) = (filled / 8, filled % 8);
                    if level < full {
                        Some('█')
                    } else if level == full && part > 0 {
                        EIGHTHS.get(part).copied()
                    } else {
                        None
                    }
                    .map(|c| (c, theme.status(member.status)))
                }
                Err(_) => (level == 0).then_some(('×', Style::new())),
            };
            let (c, style) = cell.unwrap_or(if level == target_level {
                ('─', theme.dim())
            } else {
                (' ', Style::new())
            });
            let gap = if level == target_level { '─' } else { ' ' };
            spans.push(Span::styled(c.to_string(), style));
            spans.push(Span::styled(gap.to_string(), theme.dim()));
        }
        lines.push(Line::from(spans));
    }
    let marks: String = shown
        .iter()
        .map(|(index, _)| {
            if Some(*index) == selected {
                "▲ "
            } else {
                "  "
            }
        })
        .collect();
    let older = if first > 0 {
        format!("{first} older ")
    } else {
        String::new()
    };
    lines.push(Line::raw(fit(
        &format!("{older:>6} {marks}"),
        usize::from(inner.width),
    )));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_table(frame: &mut Frame, app: &HistoryApp, plan: &PlanHistory, theme: Theme, area: Rect) {
    let width = usize::from(area.width);
    let visible = usize::from(area.height).saturating_sub(1);
    let heading = format!(
        "  {:<16}  {:<7}  {:<14}  {:>9}  {:>6}  Status",
        "Date", "Commit", "Author", "Customers", "Util"
    );
    let mut lines = vec![Line::styled(
        fit(&heading, width),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    let skip = offset(app.selected(), visible);
    for (index, version) in plan
        .versions
        .iter()
        .rev()
        .enumerate()
        .skip(skip)
        .take(visible)
    {
        let chosen = index == app.selected();
        let (date, commit, author) = version.commit.as_ref().map_or_else(
            || ("not committed".to_owned(), String::new(), String::new()),
            |c| {
                (
                    c.time.format("%Y-%m-%d %H:%M").to_string(),
                    c.short_id().to_owned(),
                    fit(&sanitize(&c.author), 14),
                )
            },
        );
        let figures = match &version.figures {
            Ok(member) => format!(
                "{:>9}  {:>6}  {} {}",
                number(member.customers),
                member.percent_fit(6),
                status_symbol(member.status),
                member.status.label()
            ),
            // The file is named above: its place in the error is enough.
            Err(error) => {
                let first = error.lines().next().unwrap_or_default();
                let source = format!("{}:", app.file().display());
                format!(
                    "does not load: {}",
                    sanitize(first.strip_prefix(&source).unwrap_or(first))
                )
            }
        };
        let mark = if chosen { "›" } else { " " };
        let text = fit(
            &format!("{mark} {date:<16}  {commit:<7}  {author:<14}  {figures}"),
            width,
        );
        let style = match (&version.figures, chosen) {
            (_, true) => theme.selected(true),
            (Ok(member), false) => theme.status(member.status),
            (Err(_), false) => theme.dim(),
        };
        lines.push(Line::styled(text, style));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_help(frame: &mut Frame, theme: Theme, area: Rect) {
    let lines = key_lines(&keymap::help(KEYS), 10);
    help_popup(
        frame,
        theme,
        area,
        lines,
        (60, "History keys · Esc closes"),
        0,
    );
}
