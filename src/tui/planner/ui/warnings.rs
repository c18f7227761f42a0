//! Every warning: whether the warnings pane cuts them, and the list `w`
//! opens over the screen, scrolled with ↑↓.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::engine::Plan;
use crate::tui::planner::App;
use crate::tui::widgets::{centered, glue_units, wrap};

use super::View;

/// The widest the list is drawn.
const WIDTH: u16 = 90;

/// Each warning wrapped at words in `width` columns: `(first line of a
/// warning, text)`.
fn wrapped(plan: &Plan, width: usize) -> Vec<(bool, String)> {
    plan.warnings
        .iter()
        .flat_map(|warning| {
            wrap(&glue_units(&warning.to_string()), width, usize::MAX)
                .into_iter()
                .enumerate()
                .map(|(index, text)| (index == 0, text))
        })
        .collect()
}

/// Where the list goes in `area` and the lines it holds: a box at most
/// [`WIDTH`] wide, as tall as its lines or the screen.
fn popup(plan: &Plan, area: Rect) -> (Rect, Vec<(bool, String)>) {
    let width = area.width.min(WIDTH);
    // The borders and " ! " before each warning take 5 columns.
    let lines = wrapped(plan, usize::from(width.saturating_sub(5)));
    let height = area.height.min(
        u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_add(2),
    );
    (centered(area, width, height), lines)
}

/// How far the list can scroll at `size`: its lines that do not fit.
pub fn warnings_scroll_max(plan: &Plan, size: (u16, u16)) -> u16 {
    let (rect, lines) = popup(plan, Rect::new(0, 0, size.0, size.1));
    let visible = usize::from(rect.height.saturating_sub(2));
    u16::try_from(lines.len().saturating_sub(visible)).unwrap_or(u16::MAX)
}

/// Whether the warnings pane, at the current size, leaves any warning (or
/// part of one) out: then the footer and the pane's title offer `w`.
pub fn warnings_cut(app: &App) -> bool {
    let Some(areas) = super::areas_of(app) else {
        return false;
    };
    // The pane's inner area, less the "! " before each line.
    let width = usize::from(areas.warnings.width.saturating_sub(2)).saturating_sub(2);
    let rows = usize::from(areas.warnings.height.saturating_sub(2));
    wrapped(app.plan(), width).len() > rows
}

impl View<'_> {
    /// Every warning over the screen, scrolled as far as asked and no
    /// further than its last line.
    pub(super) fn warnings_list(&self, frame: &mut Frame, area: Rect) {
        let plan = self.app.plan();
        let (rect, lines) = popup(plan, area);
        let scroll = self
            .app
            .warnings_scroll()
            .min(warnings_scroll_max(plan, (area.width, area.height)));
        let visible = usize::from(rect.height.saturating_sub(2));
        let below = lines.len() > usize::from(scroll) + visible;
        let style = self.theme.status(plan.status);
        let text: Vec<Line> = if lines.is_empty() {
            vec![Line::styled(" None: the plan fits.", self.theme.dim())]
        } else {
            lines
                .into_iter()
                .map(|(first, text)| {
                    Line::from(vec![
                        Span::styled(if first { " ! " } else { "   " }, style),
                        Span::raw(text),
                    ])
                })
                .collect()
        };
        let mut block = self.theme.block(
            &format!(
                "Warnings ({}) · ↑↓ scroll · Esc closes",
                plan.warnings.len()
            ),
            true,
        );
        if below {
            block = block.title_bottom(Line::raw(" ↓ more "));
        }
        frame.render_widget(Clear, rect);
        frame.render_widget(Paragraph::new(text).block(block).scroll((scroll, 0)), rect);
    }
}
