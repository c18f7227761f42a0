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

/// Splits a calendar file into its `VCALENDAR`s.
pub fn split(text: &str) -> Structure {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut logical: Vec<(usize, String)> = Vec::new();
    let mut structure = Structure::default();
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
    let mut stack: Vec<String> = Vec::new();
    let mut block = Block::default();
    // Inside a component left out (too deep, or outside any calendar):
    // how many of its BEGINs are open.
    let mut ignored = 0_usize;
    let finish = |block: &mut Block, blocks: &mut Vec<Block>| {
        blocks.push(std::mem::take(block));
    };
    for (number, line) in &logical {
        let number = *number;
        // A BOM where two exported files were joined.
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        if line.contains('\r') {
            structure
                .bad
                .push((number, "a carriage return inside the line".to_owned()));
            continue;
        }
        let Some(end) = name_end(line) else {
            structure
                .bad
                .push((number, "not a content line; expected NAME:value".to_owned()));
            continue;
        };
        let name = line.get(..end).unwrap_or_default().to_ascii_uppercase();
        let value = line
            .get(end..)
            .and_then(|rest| rest.split_once(':'))
            .map_or("", |(_, value)| value)
            .trim()
            .to_ascii_uppercase();
        let rest = line.get(end..).unwrap_or_default();
        match name.as_str() {
            "BEGIN" => {
                if ignored > 0 {
                    ignored += 1;
                } else if stack.is_empty() && value != "VCALENDAR" {
                    structure.bad.push((
                        number,
                        format!("BEGIN:{value} outside a VCALENDAR; left out"),
                    ));
                    ignored = 1;
                } else if stack.len() >= MAX_DEPTH {
                    structure.bad.push((
                        number,
                        format!("components nested more than {MAX_DEPTH} deep; left out"),
                    ));
                    ignored = 1;
                } else {
                    if stack.is_empty() {
                        block.line = number;
                    }
                    if stack.len() == 1 && value == "VEVENT" {
                        block.events.push(number);
                    }
                    block.text.push_str("BEGIN:");
                    block.text.push_str(&value);
                    block.text.push_str("\r\n");
                    stack.push(value);
                }
            }
            "END" => {
                if ignored > 0 {
                    ignored -= 1;
                    continue;
                }
                if !stack.contains(&value) {
                    structure
                        .bad
                        .push((number, format!("END:{value} without its BEGIN")));
                    continue;
                }
                // Components left open inside it are closed with it.
                while let Some(open) = stack.pop() {
                    block.text.push_str("END:");
                    block.text.push_str(&open);
                    block.text.push_str("\r\n");
                    if open == value {
                        break;
                    }
                }
                if stack.is_empty() {
                    finish(&mut block, &mut structure.blocks);
                }
            }
            _ if ignored > 0 => {}
            _ if stack.is_empty() => structure
                .bad
                .push((number, "text outside a VCALENDAR".to_owned())),
            _ => {
                block.text.push_str(&name);
                block.text.push_str(rest);
                block.text.push_str("\r\n");
            }
        }
    }
    // A calendar cut off at the end of the file is read as far as it goes.
    if !stack.is_empty() {
        while let Some(open) = stack.pop() {
            block.text.push_str("END:");
            block.text.push_str(&open);
            block.text.push_str("\r\n");
        }
        finish(&mut block, &mut structure.blocks);
    }
    structure
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
