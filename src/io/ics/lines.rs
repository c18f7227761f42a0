//! The first pass over a calendar file, as calendar programs read one:
//! lines unfolded, every `VCALENDAR` of the file found, and a line that
//! cannot be read (no `:`, text after `END:VCALENDAR`, a lone carriage
//! return, an `END` without its `BEGIN`) set aside with its number instead
//! of failing the file. Each calendar's lines then go to the `icalendar`
//! parser whole. Components nested deeper than [`MAX_DEPTH`] are left out
//! before any parser sees them.

/// The deepest nesting read (`VCALENDAR` › `VEVENT` › `VALARM` is 3;
/// `VTIMEZONE` › `STANDARD` is 3).
pub const MAX_DEPTH: usize = 8;

/// One `VCALENDAR`: its lines, ready for the parser, and the line number
/// of each `VEVENT` it holds, in order.
#[derive(Debug, Default)]
pub struct Block {
    /// The calendar's lines, unfolded, joined by CRLF.
    pub text: String,
    /// The line (1-based, in the file) of each `BEGIN:VEVENT` directly in
    /// the calendar, in file order.
    pub events: Vec<usize>,
    /// The line of its `BEGIN:VCALENDAR`.
    pub line: usize,
}

/// A file's calendars and the lines set aside.
#[derive(Debug, Default)]
pub struct Structure {
    /// Every `VCALENDAR`, in file order.
    pub blocks: Vec<Block>,
    /// Lines that could not be read: line number and why.
    pub bad: Vec<(usize, String)>,
}

/// Where the name of a content line ends (`NAME` or `NAME;PARAM=…` before
/// the `:`), or `None` when the line is no content line.
fn name_end(line: &str) -> Option<usize> {
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(line.len());
    if end == 0 {
        return None;
    }
    match line.as_bytes().get(end) {
        Some(b':') => Some(end),
        Some(b';') => {
            // Parameters: a `:` inside double quotes is part of a value.
            let mut quoted = false;
            for c in line.get(end..)?.chars() {
                match c {
                    '"' => quoted = !quoted,
                    ':' if !quoted => return Some(end),
                    _ => {}
                }
            }
            None
        }
        _ => None,
    }
}

/// The file's lines unfolded (a line starting with a space or tab goes on
/// the one before), each with the number of its first line.
fn unfold(text: &str, structure: &mut Structure) -> Vec<(usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut logical: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let number = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            match logical.last_mut() {
                Some((_, last)) => last.push_str(rest),
                None => structure
                    .bad
                    .push((number, "a folded line with nothing before it".to_owned())),
            }
            continue;
        }
        logical.push((number, raw.to_owned()));
    }
    logical
}

/// Splits a calendar file into its `VCALENDAR`s.
pub fn split(text: &str) -> Structure {
    let mut pass = Pass::default();
    let logical = unfold(text, &mut pass.structure);
    for (number, line) in &logical {
        pass.line(*number, line);
    }
    // A calendar cut off at the end of the file is read as far as it goes.
    if !pass.stack.is_empty() {
        pass.close_to(None);
    }
    pass.structure
}

/// The second pass: components opened and closed, lines kept or set aside.
#[derive(Default)]
struct Pass {
    structure: Structure,
    stack: Vec<String>,
    block: Block,
    /// Inside a component left out (too deep, or outside any calendar):
    /// how many of its BEGINs are open.
    ignored: usize,
}

impl Pass {
    fn bad(&mut self, number: usize, why: String) {
        self.structure.bad.push((number, why));
    }

    fn emit(&mut self, name: &str, rest: &str) {
        self.block.text.push_str(name);
        self.block.text.push_str(rest);
        self.block.text.push_str("\r\n");
    }

    fn line(&mut self, number: usize, line: &str) {
        // A BOM where two exported files were joined.
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            return;
        }
        if line.contains('\r') {
            self.bad(number, "a carriage return inside the line".to_owned());
            return;
        }
        let Some(end) = name_end(line) else {
            self.bad(number, "not a content line; expected NAME:value".to_owned());
            return;
        };
        let name = line.get(..end).unwrap_or_default().to_ascii_uppercase();
        let rest = line.get(end..).unwrap_or_default();
        let value = rest
            .split_once(':')
            .map_or("", |(_, value)| value)
            .trim()
            .to_ascii_uppercase();
        match name.as_str() {
            "BEGIN" => self.begin(number, value),
            "END" => self.end(number, &value),
            _ if self.ignored > 0 => {}
            _ if self.stack.is_empty() => self.bad(number, "text outside a VCALENDAR".to_owned()),
            _ => self.emit(&name, rest),
        }
    }

    fn begin(&mut self, number: usize, component: String) {
        if self.ignored > 0 {
            self.ignored += 1;
        } else if self.stack.is_empty() && component != "VCALENDAR" {
            self.bad(
                number,
                format!("BEGIN:{component} outside a VCALENDAR; left out"),
            );
            self.ignored = 1;
        } else if self.stack.len() >= MAX_DEPTH {
            self.bad(
                number,
                format!("components nested more than {MAX_DEPTH} deep; left out"),
            );
            self.ignored = 1;
        } else {
            if self.stack.is_empty() {
                self.block.line = number;
            }
            if self.stack.len() == 1 && component == "VEVENT" {
                self.block.events.push(number);
            }
            self.emit("BEGIN", &format!(":{component}"));
            self.stack.push(component);
        }
    }

    fn end(&mut self, number: usize, component: &str) {
        if self.ignored > 0 {
            self.ignored -= 1;
        } else if self.stack.iter().any(|open| open == component) {
            // Components left open inside it are closed with it.
            self.close_to(Some(component));
        } else {
            self.bad(number, format!("END:{component} without its BEGIN"));
        }
    }

    /// Closes components up to `component` (all of them for `None`); a
    /// calendar closed is finished.
    fn close_to(&mut self, component: Option<&str>) {
        while let Some(open) = self.stack.pop() {
            self.emit("END", &format!(":{open}"));
            if Some(open.as_str()) == component {
                break;
            }
        }
        if self.stack.is_empty() {
            self.structure.blocks.push(std::mem::take(&mut self.block));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_lines_are_set_aside_and_every_calendar_is_found() {
        let text = "\u{feff}BEGIN:VCALENDAR\r\nVERSION:2.0\r\nno colon here\r\nBEGIN:VEVENT\r\nSUMMARY:a\r\n  b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\ntrailing text\r\n\u{feff}BEGIN:VCALENDAR\r\nX-A;P=\"a:b\":c\rd\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        let s = split(text);
        assert_eq!(s.blocks.len(), 2);
        assert_eq!(s.blocks[0].events, [4]);
        assert!(s.blocks[0].text.contains("SUMMARY:a b\r\n"));
        let lines: Vec<usize> = s.bad.iter().map(|(n, _)| *n).collect();
        assert_eq!(lines, [3, 9, 11, 13], "{:?}", s.bad);
        // The VEVENT left open is closed with its calendar.
        assert!(
            s.blocks[1]
                .text
                .ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n")
        );
    }

    #[test]
    fn deep_nesting_is_left_out_before_parsing() {
        let mut text = "BEGIN:VCALENDAR\n".to_owned();
        for _ in 0..20_000 {
            text.push_str("BEGIN:X\n");
        }
        for _ in 0..20_000 {
            text.push_str("END:X\n");
        }
        text.push_str("BEGIN:VEVENT\nEND:VEVENT\nEND:VCALENDAR\n");
        let s = split(&text);
        assert_eq!(s.blocks.len(), 1);
        assert_eq!(s.blocks[0].events.len(), 1);
        assert_eq!(s.bad.len(), 1);
    }
}
