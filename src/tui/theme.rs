//! Colours, or none when `NO_COLOR` is set, and the symbols that carry
//! status without colour. Shared by every screen.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, BorderType, Borders};

use crate::domain::engine::{MetricStatus, Status};

/// Colours, or none when `NO_COLOR` is set; status and selection stay
/// readable through text, symbols and modifiers either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used.
    pub color: bool,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set to a non-empty value.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Theme { color: !no_color }
    }

    /// A theme with colours.
    pub fn color() -> Theme {
        Theme { color: true }
    }

    /// A theme without colours.
    pub fn mono() -> Theme {
        Theme { color: false }
    }

    /// Text in `color`, or plain without colours.
    pub fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// The colour of a plan status.
    pub fn status(self, status: Status) -> Style {
        self.fg(match status {
            Status::Ok => Color::Green,
            Status::Near => Color::Yellow,
            Status::Over => Color::Red,
        })
    }

    /// The colour of a metric status (missed is bold without colour too).
    pub fn metric(self, status: MetricStatus) -> Style {
        match status {
            MetricStatus::Met => self.fg(Color::Green),
            MetricStatus::Missed => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            MetricStatus::NoData => self.fg(Color::DarkGray),
        }
    }

    /// The selected row: reversed when its pane has the focus.
    pub fn selected(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan)
                .add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// A bordered pane, thick and bold when focused.
    pub fn block(self, title: &str, focused: bool) -> Block<'static> {
        let block = Block::new()
            .borders(Borders::ALL)
            .title(format!(" {title} "));
        if focused {
            block
                .border_type(BorderType::Thick)
                .border_style(self.fg(Color::Cyan).add_modifier(Modifier::BOLD))
                .title_style(Style::new().add_modifier(Modifier::BOLD))
        } else {
            block.border_style(self.fg(Color::DarkGray))
        }
    }

    /// Secondary text.
    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }
}

/// Status symbol for people who cannot see colour.
pub fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Ok => "✓",
        Status::Near => "●",
        Status::Over => "▲",
    }
}

/// Metric status symbol for people who cannot see colour.
pub fn metric_symbol(status: MetricStatus) -> &'static str {
    match status {
        MetricStatus::Met => "✓",
        MetricStatus::Missed => "✗",
        MetricStatus::NoData => "·",
    }
}
