//! Drawing the team view from `&TeamApp`; nothing here changes state.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

use super::{Asking, Column, Load, Overlay, TeamApp};
use crate::domain::team::Member;
use crate::domain::text::{self, number, sanitize};
use crate::tui::theme::{Theme, status_symbol};
use crate::tui::widgets::{first_fitting, fit, help_popup, key_lines, offset, sparkline, wrap};

/// The smallest terminal the team view fits.
const MIN: (u16, u16) = (60, 12);

/// Draws the team view.
pub fn draw(frame: &mut Frame, app: &TeamApp, theme: Theme) {
    let area = frame.area();
    if area.width < MIN.0 || area.height < MIN.1 {
        frame.render_widget(
            Paragraph::new(format!(
                "terminal too small — need {}×{} (now {}×{}); enlarge it or press q to quit",
                MIN.0, MIN.1, area.width, area.height
            ))
            .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let notes = notes(app);
    let [header, table, totals_area, notes_area, footer] = layout(app, area);
    let note_lines = notes_area.height;
    draw_header(frame, app, header);
    draw_table(frame, app, theme, table);
    draw_totals(frame, app, totals_area);
    let width = usize::from(notes_area.width);
    let lines: Vec<Line> = notes
        .iter()
        .flat_map(|note| wrap(note, width, 2))
        .take(usize::from(note_lines))
        .map(Line::raw)
        .collect();
    frame.render_widget(Paragraph::new(lines).style(theme.dim()), notes_area);
    draw_footer(frame, app, theme, footer);
    if app.overlay() == &Overlay::Help {
        draw_help(frame, theme, area);
    }
}

fn draw_header(frame: &mut Frame, app: &TeamApp, area: Rect) {
    let unsaved = if app.dirty() { " [unsaved]" } else { "" };
    let filter = if app.filter().is_empty() {
        String::new()
    } else {
        format!(" · filter “{}”", sanitize(app.filter()))
    };
    let (column, descending) = app.sort();
    let title = format!(
        " tamplan team · {}{unsaved} · sorted by {}{}{filter}",
        sanitize(&app.model().name),
        column.heading(),
        if descending { " ↓" } else { " ↑" },
    );
    frame.render_widget(
        Paragraph::new(fit(&title, usize::from(area.width)))
            .style(Style::new().add_modifier(Modifier::BOLD)),
        area,
    );
}

/// The trend column's width: up to 8 blocks, a space and the last figure
/// (13), as much of it as the room left holds, at least the 8 blocks;
/// none in a narrow terminal.
fn trend_width(width: u16, shown: &[(Column, u16)]) -> Option<u16> {
    let used: u16 = shown.iter().map(|(_, w)| w + 1).sum();
    let room = width.saturating_sub(4).saturating_sub(used);
    (room > 8).then(|| room.saturating_sub(1).min(13))
}

/// A plan's trend cell: "▃▄▆█ 104%" (the figure when it fits), "…"
/// while the history is read, "—" with no history.
fn trend_cell(app: &TeamApp, plan: &super::Plan, width: u16) -> Cell<'static> {
    let text = match (app.trends(), app.trend_of(&plan.path)) {
        (super::Trends::Reading, _) => "…".to_owned(),
        (_, Some(trend)) if !trend.is_empty() => {
            let blocks = sparkline(trend);
            let last = trend.last().map_or_else(String::new, |u| {
                crate::domain::text::utilization(*u, plan.member.warn_at).replace(' ', "")
            });
            let full = format!("{blocks} {last}");
            if full.width() <= usize::from(width) {
                full
            } else {
                blocks
            }
        }
        _ => "—".to_owned(),
    };
    Cell::from(text)
}

/// The columns that fit, most useful first, shown in [`Column::ALL`] order.
fn columns(width: u16) -> Vec<(Column, u16)> {
    let wanted = [
        (Column::Owner, 12),
        (Column::Utilization, 16),
        (Column::Customers, 5),
        (Column::Headroom, 6),
        (Column::Plan, 16),
        (Column::Spare, 9),
        (Column::Book, 9),
        (Column::Warnings, 5),
        (Column::Age, 18),
    ];
    let mut room = width.saturating_sub(4);
    let chosen: Vec<(Column, u16)> = wanted
        .into_iter()
        .filter(|(_, w)| {
            let fits = room > *w;
            if fits {
                room -= w + 1;
            }
            fits
        })
        .collect();
    Column::ALL
        .into_iter()
        .filter_map(|c| chosen.iter().find(|(k, _)| *k == c).copied())
        .collect()
}

#[expect(clippy::cast_precision_loss, reason = "days are far below 2^52")]
fn cell(app: &TeamApp, member: &Member, column: Column, width: u16, theme: Theme) -> Cell<'static> {
    let right = |text: String| Cell::from(Line::from(text).alignment(Alignment::Right));
    let w = usize::from(width);
    match column {
        Column::Owner => Cell::from(fit(
            &sanitize(if member.owner.is_empty() {
                "no owner"
            } else {
                &member.owner
            }),
            w,
        )),
        Column::Plan => Cell::from(fit(&sanitize(&member.name), w)),
        Column::Customers => right(number(member.customers)),
        Column::Utilization => {
            // A small gauge (8 cells for 0–100 %), then the figure; a figure
            // longer than `100.02 %` is shortened (`1.7T %`) and the gauge
            // gives up the cells it needs, so the cell stays in its column.
            let figure = member.percent_fit(w.saturating_sub(3 + 4));
            let gauge = w.saturating_sub(3 + figure.width().max(5)).min(8);
            let filled = if member.utilization.is_finite() {
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    clippy::cast_precision_loss,
                    reason = "clamped to 0–8"
                )]
                let cells = (member.utilization.clamp(0.0, 1.0) * gauge as f64).round() as usize;
                cells.min(gauge)
            } else {
                gauge
            };
            Cell::from(Line::from(vec![
                Span::styled(
                    format!("{}{}", "█".repeat(filled), "░".repeat(gauge - filled)),
                    theme.status(member.status),
                ),
                Span::raw(format!(" {} {figure:>5}", status_symbol(member.status))),
            ]))
        }
        Column::Spare => right(text::signed(member.spare_to_target)),
        Column::Book => right(
            member
                .max_customers_at_target
                .map_or_else(|| "—".to_owned(), text::thousands),
        ),
        Column::Headroom => right(member.headroom.map_or_else(|| "—".to_owned(), text::signed)),
        Column::Warnings => right(text::thousands(
            u64::try_from(member.warnings).unwrap_or(u64::MAX),
        )),
        Column::Age => Cell::from(match (member.saved, member.age_days(app.now())) {
            (Some(saved), Some(days)) => format!(
                "{} {:>3} d{}",
                saved.format("%Y-%m-%d"),
                number(days as f64),
                if member.stale(app.now()) { " !" } else { "" }
            ),
            _ => "not dated".to_owned(),
        }),
    }
}

/// The screen's parts: header, table, totals, notes, footer.
fn layout(app: &TeamApp, area: Rect) -> [Rect; 5] {
    // The notes as drawn: a long one wraps onto more lines.
    let width = usize::from(area.width);
    let lines = notes(app)
        .iter()
        .map(|note| wrap(note, width, 2).len())
        .sum::<usize>();
    let notes = u16::try_from(lines)
        .unwrap_or(u16::MAX)
        .min(area.height / 3);
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(notes),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The visible line of the plan drawn at screen row `y`, if one is.
pub fn plan_at(app: &TeamApp, y: u16) -> Option<usize> {
    let (width, height) = app.size();
    let [_, table, ..] = layout(app, Rect::new(0, 0, width, height));
    let first_row = table.y + 1;
    let line = usize::from(y.checked_sub(first_row)?);
    let lines = usize::from(table.height.saturating_sub(1));
    let index = offset(app.selected(), lines) + line;
    (line < lines && index < app.visible().len()).then_some(index)
}

fn draw_table(frame: &mut Frame, app: &TeamApp, theme: Theme, area: Rect) {
    let shown = columns(area.width);
    let trend = trend_width(area.width, &shown);
    let header = Row::new(
        std::iter::once(Cell::from(""))
            .chain(shown.iter().map(|(c, _)| {
                let index = Column::ALL.iter().position(|k| k == c).unwrap_or(0) + 1;
                Cell::from(format!("{}{index}", c.heading()))
            }))
            .chain(trend.map(|_| Cell::from("Trend"))),
    )
    .style(Style::new().add_modifier(Modifier::BOLD));
    let visible = app.visible();
    // Only the lines in sight are built.
    let lines = usize::from(area.height.saturating_sub(1));
    let first = offset(app.selected(), lines);
    let rows: Vec<Row> = visible
        .iter()
        .skip(first)
        .take(lines.max(1))
        .filter_map(|index| app.plans().get(*index).map(|plan| (*index, plan)))
        .map(|(index, plan)| {
            let mark = match (app.moving_from() == Some(index), plan.dirty()) {
                (true, _) => "→",
                (false, true) => "*",
                _ => "",
            };
            Row::new(
                std::iter::once(Cell::from(mark))
                    .chain(
                        shown
                            .iter()
                            .map(|(c, w)| cell(app, &plan.member, *c, *w, theme)),
                    )
                    .chain(trend.map(|w| trend_cell(app, plan, w))),
            )
        })
        .collect();
    let widths: Vec<Constraint> = std::iter::once(Constraint::Length(1))
        .chain(shown.iter().map(|(_, w)| Constraint::Length(*w)))
        .chain(trend.map(Constraint::Length))
        .collect();
    let mut state = TableState::default()
        .with_selected((!visible.is_empty()).then_some(app.selected().saturating_sub(first)));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .highlight_symbol("›")
            .row_highlight_style(theme.selected(true)),
        area,
        &mut state,
    );
}

fn draw_totals(frame: &mut Frame, app: &TeamApp, area: Rect) {
    let t = app.totals();
    let progress = match app.load() {
        Load::Searching => Some(" Looking for plans…".to_owned()),
        Load::Reading { read, of } => Some(format!(
            " Reading plans: {} of {}…",
            text::thousands(read as u64),
            text::thousands(of as u64)
        )),
        Load::Done => None,
    };
    let line = if let Some(progress) = progress {
        first_fitting(
            [
                format!(
                    "{progress} · so far {} · {} customers · {}",
                    text::count(t.plans, "plan", "plans"),
                    number(t.customers),
                    t.percent()
                ),
                progress,
            ],
            usize::from(area.width),
        )
    } else {
        first_fitting(
            [
                format!(
                    " Team: {} · {} customers · {} ({} h of {} h) · book at target {} · room {}",
                    text::count(t.plans, "plan", "plans"),
                    number(t.customers),
                    t.percent(),
                    text::amount(t.planned_hours),
                    text::amount(t.available_hours),
                    text::thousands(t.max_customers_at_target),
                    text::signed(t.headroom)
                ),
                format!(
                    " Team: {} · {} customers · {} · book at target {} · room {}",
                    text::count(t.plans, "plan", "plans"),
                    number(t.customers),
                    t.percent(),
                    text::thousands(t.max_customers_at_target),
                    text::signed(t.headroom)
                ),
            ],
            usize::from(area.width),
        )
    };
    frame.render_widget(
        Paragraph::new(line).style(Style::new().add_modifier(Modifier::BOLD)),
        area,
    );
}

/// The lines under the totals: the book, duplicates, files not loaded.
/// Long lists stop at what a screen can hold.
fn notes(app: &TeamApp) -> Vec<String> {
    let (width, height) = app.size();
    let room = usize::from(width) * usize::from(height);
    let mut notes = Vec::new();
    let t = app.totals();
    // The book against part of the team would be judged wrong.
    if let (Some(book), per_tam, Load::Done) = (app.book().0, app.book().1, app.load()) {
        let short = crate::domain::team::shortfall(book, t.max_customers_at_target, per_tam);
        notes.push(format!(
            " {}",
            crate::report::team::book_line(&short, t.plans, t.max_customers_at_target, true)
        ));
    }
    let twice = app.duplicate_owners();
    if !twice.is_empty() {
        notes.push(format!(
            " More than one plan: {}",
            sanitize(&listed(twice, room))
        ));
    }
    // Without the Saved column (a narrow terminal), stale plans are named.
    let shown = columns(width);
    let stale = app.stale();
    if !shown.iter().any(|(column, _)| *column == Column::Age) && !stale.is_empty() {
        notes.push(format!(" Stale: {}", listed(stale, room)));
    }
    let changed = app.changed_since_review();
    if !changed.is_empty() {
        notes.push(format!(
            " Changed since their last 1:1: {}",
            listed(changed, room)
        ));
    }
    for problem in app.problems().iter().take(usize::from(height)) {
        let first = problem.message.lines().next().unwrap_or_default();
        let line = if first.starts_with(&problem.file) {
            first.to_owned()
        } else {
            format!("{}: {first}", problem.file)
        };
        notes.push(format!(" Not loaded: {}", sanitize(&line)));
    }
    notes
}

/// `names` joined with commas, as many as `room` characters hold, then how
/// many more there are.
fn listed(names: &[String], room: usize) -> String {
    let mut text = String::new();
    for (count, name) in names.iter().enumerate() {
        if count > 0 && text.len() + name.len() > room {
            return format!("{text} and {} more", names.len() - count);
        }
        if count > 0 {
            text.push_str(", ");
        }
        text.push_str(name);
    }
    text
}

fn draw_footer(frame: &mut Frame, app: &TeamApp, theme: Theme, area: Rect) {
    let width = usize::from(area.width);
    let keys = " · ? help · q quit";
    let line = match (app.overlay(), app.message()) {
        (Overlay::Prompt(asking, buffer), _) => {
            let label = match asking {
                Asking::Filter => "Filter by owner, plan or file".to_owned(),
                Asking::Book => "Book size (customers)".to_owned(),
                Asking::Move { from, to } => format!(
                    "Customers to move from {} to {}",
                    owner(app, *from),
                    owner(app, *to)
                ),
            };
            // A selected value stands out of the bar: typing replaces it.
            let bar = Style::new().add_modifier(Modifier::REVERSED);
            let value = if app.prompt_selected() {
                Style::new().add_modifier(Modifier::UNDERLINED)
            } else {
                bar
            };
            Line::from(vec![
                Span::styled(format!(" {label}: "), bar),
                Span::styled(sanitize(buffer.text()).into_owned(), value),
                Span::styled("▏ ", bar),
                Span::raw(if app.prompt_selected() {
                    " typing replaces it · Enter · Esc"
                } else {
                    " Enter · Esc"
                }),
            ])
        }
        (_, Some(message)) => Line::from(vec![
            Span::styled(
                format!(
                    " {}",
                    fit(&sanitize(message), width.saturating_sub(1 + keys.width()))
                ),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(keys, theme.dim()),
        ]),
        _ => {
            let mut shown = super::keys::hints();
            loop {
                let text = format!(" {}{keys}", shown.join(" · "));
                if text.width() <= width || shown.pop().is_none() {
                    break Line::styled(text, theme.dim());
                }
            }
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn owner(app: &TeamApp, index: usize) -> String {
    app.plans().get(index).map_or_else(String::new, |plan| {
        sanitize(if plan.member.owner.is_empty() {
            &plan.member.name
        } else {
            &plan.member.owner
        })
        .into_owned()
    })
}

fn draw_help(frame: &mut Frame, theme: Theme, area: Rect) {
    let lines = key_lines(&super::keys::help(), 12);
    help_popup(frame, theme, area, lines, (70, "Team keys · Esc closes"), 0);
}
