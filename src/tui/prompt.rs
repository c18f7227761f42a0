//! The one prompt editor every screen uses: a line (a value, a name, a
//! filter) or a text (a note), bounded, whose keys are read in one place.
//!
//! A prompt may open with its text selected (the value asked before): the
//! first key typed replaces it, Backspace clears it. `Ctrl`+`U` clears the
//! prompt, as in a shell. A paste is text, never keys: a line folds line
//! breaks into spaces, a note keeps them; control characters are dropped.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a prompt holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line: a value, a name, a filter.
    Line,
    /// Text with line breaks: a note.
    Text,
}

impl Kind {
    /// The most characters a prompt of this kind holds.
    pub fn limit(self) -> usize {
        match self {
            Kind::Line => 200,
            Kind::Text => 4_000,
        }
    }
}

/// A key in an open prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKey {
    /// A character typed.
    Char(char),
    /// Delete the last character (or the selected text).
    Backspace,
    /// Clear the prompt (`Ctrl`+`U`).
    Clear,
    /// Take what was typed (`Enter`).
    Commit,
    /// Abandon it (`Esc`).
    Cancel,
}

/// The keys of an open prompt: the one place they are read. Other keys
/// with `Ctrl` or `Alt` do nothing (`Ctrl`+`C` and `Ctrl`+`Z` are read by
/// each screen before its prompt).
pub fn key(key: &KeyEvent) -> Option<PromptKey> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == KeyCode::Char('u')).then_some(PromptKey::Clear);
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    match key.code {
        KeyCode::Enter => Some(PromptKey::Commit),
        KeyCode::Esc => Some(PromptKey::Cancel),
        KeyCode::Backspace => Some(PromptKey::Backspace),
        // Anything typed is shown, so the commit can say what was wrong.
        KeyCode::Char(c) if !c.is_control() => Some(PromptKey::Char(c)),
        _ => None,
    }
}

/// A prompt's text as it is being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    text: String,
    kind: Kind,
    /// The text is selected: the next key typed replaces it.
    selected: bool,
}

impl Prompt {
    /// A prompt holding `text` (cut to its kind's limit).
    pub fn new(text: impl Into<String>, kind: Kind) -> Prompt {
        let mut text: String = text.into();
        if let Some((cut, _)) = text.char_indices().nth(kind.limit()) {
            text.truncate(cut);
        }
        Prompt {
            text,
            kind,
            selected: false,
        }
    }

    /// The same prompt with its text selected (when there is any): typing
    /// replaces it.
    #[must_use]
    pub fn selected(mut self) -> Prompt {
        self.selected = !self.text.is_empty();
        self
    }

    /// What has been typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What has been typed, taken.
    pub fn into_text(self) -> String {
        self.text
    }

    /// Whether the text is selected.
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// What it holds.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Applies an editing key; `Commit` and `Cancel` are the screen's to
    /// act on and change nothing here.
    pub fn edit(&mut self, key: PromptKey) {
        let selected = std::mem::take(&mut self.selected);
        match key {
            PromptKey::Char(c) => {
                if selected {
                    self.text.clear();
                }
                if self.text.chars().count() < self.kind.limit() {
                    self.text.push(c);
                }
            }
            PromptKey::Backspace => {
                if selected {
                    self.text.clear();
                } else {
                    self.text.pop();
                }
            }
            PromptKey::Clear => self.text.clear(),
            PromptKey::Commit | PromptKey::Cancel => self.selected = selected,
        }
    }

    /// Pastes `text`: line breaks folded into spaces in a line, kept in a
    /// text; control characters dropped. Returns what to tell the user
    /// when the paste was cut at the limit.
    pub fn paste(&mut self, text: &str) -> Option<String> {
        if std::mem::take(&mut self.selected) {
            self.text.clear();
        }
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let text = match self.kind {
            Kind::Text => text,
            Kind::Line => text.split_whitespace().collect::<Vec<_>>().join(" "),
        };
        let limit = self.kind.limit();
        let room = limit - self.text.chars().count().min(limit);
        let wanted: Vec<char> = text
            .chars()
            .filter(|c| *c == '\n' || !c.is_control())
            .collect();
        self.text.extend(wanted.iter().take(room));
        (wanted.len() > room)
            .then(|| format!("Pasted the first {room} characters; a prompt holds {limit}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(prompt: &mut Prompt, text: &str) {
        for c in text.chars() {
            prompt.edit(PromptKey::Char(c));
        }
    }

    #[test]
    fn typing_backspace_and_ctrl_u() {
        let mut prompt = Prompt::new("", Kind::Line);
        typed(&mut prompt, "42.5");
        prompt.edit(PromptKey::Backspace);
        assert_eq!(prompt.text(), "42.");
        prompt.edit(PromptKey::Clear);
        assert_eq!(prompt.text(), "");
        let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(key(&ctrl_u), Some(PromptKey::Clear));
        let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(key(&ctrl_r), None);
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(key(&q), Some(PromptKey::Char('q')), "text, not quit");
    }

    #[test]
    fn a_selected_value_is_replaced_by_typing_and_cleared_by_backspace() {
        let mut prompt = Prompt::new("100", Kind::Line).selected();
        typed(&mut prompt, "12");
        assert_eq!(prompt.text(), "12");
        let mut prompt = Prompt::new("100", Kind::Line).selected();
        prompt.edit(PromptKey::Backspace);
        assert_eq!(prompt.text(), "");
        assert!(!Prompt::new("", Kind::Line).selected().is_selected());
    }

    #[test]
    fn a_prompt_holds_at_most_its_limit_typed_or_pasted() {
        let mut line = Prompt::new("x".repeat(300), Kind::Line);
        assert_eq!(line.text().chars().count(), 200);
        typed(&mut line, "y");
        assert_eq!(line.text().chars().count(), 200);
        let mut note = Prompt::new("", Kind::Text);
        let said = note.paste(&"é".repeat(5_000));
        assert_eq!(note.text().chars().count(), 4_000);
        assert_eq!(
            said.as_deref(),
            Some("Pasted the first 4000 characters; a prompt holds 4000")
        );
    }

    #[test]
    fn a_paste_folds_line_breaks_in_a_line_and_keeps_them_in_a_note() {
        let mut line = Prompt::new("", Kind::Line);
        assert_eq!(line.paste("Ana\r\n Lee\u{7}"), None);
        assert_eq!(line.text(), "Ana Lee");
        let mut note = Prompt::new("", Kind::Text);
        note.paste("one\r\ntwo\u{1b}");
        assert_eq!(note.text(), "one\ntwo");
    }
}
