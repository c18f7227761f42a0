//! Walking the page: front matter, tables, paragraphs and list items, each
//! with its offset (pulldown-cmark for the Markdown, yaml-rust2 and `toml` for
//! the front matter's title).

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options as MdOptions, Parser, Tag, TagEnd};
use regex::Regex;

/// A run of text (paragraph or list item) with where it starts.
pub(super) struct Block {
    pub(super) start: usize,
    pub(super) text: String,
}

/// One table cell: its text, where its text starts, and whether the parser
/// made it up to pad a short row.
pub(super) struct Cell {
    pub(super) text: String,
    pub(super) start: usize,
    pub(super) padded: bool,
}

/// One table row.
pub(super) struct TableRow {
    pub(super) start: usize,
    pub(super) cells: Vec<Cell>,
    /// The row has more cells than the header (the parser drops them).
    pub(super) extra: bool,
    /// The row is a Kramdown attribute line (`{: .table}`), not data.
    pub(super) attributes: bool,
}

pub(super) struct Table {
    pub(super) start: usize,
    pub(super) head: Vec<Cell>,
    pub(super) rows: Vec<TableRow>,
}

/// A list item, before it is known to be a metric.
pub(super) struct Item {
    pub(super) start: usize,
    pub(super) text: String,
    pub(super) parent: Option<usize>,
    /// The phase of the "Metrics for …" section it is in, if any.
    pub(super) phase: Option<String>,
    pub(super) group: Option<String>,
    pub(super) children: usize,
}

#[derive(Default)]
pub(super) struct Walked {
    /// The front matter, what it is written in and where its text starts.
    pub(super) front_matter: Option<(usize, String, Matter)>,
    /// The first level-one heading's text, and where it starts.
    pub(super) first_heading: Option<(usize, String)>,
    /// Paragraphs and list items, to find the PTO sentence in.
    pub(super) blocks: Vec<Block>,
    pub(super) tables: Vec<Table>,
    pub(super) items: Vec<Item>,
}

/// A row being read: its range and cells so far.
pub(super) struct RowBuilder {
    pub(super) range: Range<usize>,
    pub(super) cells: Vec<Cell>,
}

pub(super) static ATTRIBUTE_LIST: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\{:[^{}\n]*\}").ok());

/// Text with Kramdown attribute lists dropped, control characters and runs
/// of white space made one space, and trimmed.
pub(super) fn clean(raw: &str) -> String {
    let without = match ATTRIBUTE_LIST.as_ref() {
        Some(regex) => regex.replace_all(raw, " "),
        None => raw.into(),
    };
    without
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The phase of a "Metrics for …" heading.
pub(super) fn metrics_phase(heading: &str) -> Option<String> {
    const PREFIX: &str = "metrics for ";
    let head = heading.get(..PREFIX.len())?;
    if !head.eq_ignore_ascii_case(PREFIX) {
        return None;
    }
    let phase = heading.get(PREFIX.len()..)?.trim();
    (!phase.is_empty()).then(|| phase.to_owned())
}

/// A label paragraph: "Onboarding:", or a short line (at most five words)
/// without final punctuation.
pub(super) fn label(paragraph: &str) -> Option<String> {
    if let Some(label) = paragraph.strip_suffix(':') {
        let label = label.trim();
        return (!label.is_empty()).then(|| label.to_owned());
    }
    let short = paragraph.split_whitespace().count() <= 5;
    let unpunctuated = !paragraph.ends_with(['.', '!', '?', ';', ',', ')']);
    (short && unpunctuated && !paragraph.is_empty()).then(|| paragraph.to_owned())
}

/// Where the text of `range` starts, past leading blanks.
pub(super) fn text_start(page: &str, range: &Range<usize>) -> usize {
    let inner = page.get(range.clone()).unwrap_or_default();
    range.start + (inner.len() - inner.trim_start().len())
}

/// What a page's front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Matter {
    /// Between `---` lines (Jekyll, Middleman, Hugo): YAML.
    Yaml,
    /// Between `+++` lines (Hugo, Zola): TOML.
    Toml,
}

impl Matter {
    pub(super) fn language(self) -> &'static str {
        match self {
            Matter::Yaml => "YAML",
            Matter::Toml => "TOML",
        }
    }
}

/// The front matter at the very start of a page (after a byte-order mark):
/// `---` … `---` (or `...`) for YAML, `+++` … `+++` for TOML, blank lines
/// inside allowed. Its kind, the text's range and the whole block's end.
pub(super) fn front_matter(page: &str) -> Option<(Matter, Range<usize>, usize)> {
    let start = if page.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut lines = page.get(start..)?.split_inclusive('\n');
    let first = lines.next()?;
    let kind = match first.trim_end() {
        "---" => Matter::Yaml,
        "+++" => Matter::Toml,
        _ => return None,
    };
    let text_start = start + first.len();
    let mut at = text_start;
    for line in lines {
        let closes = match kind {
            Matter::Yaml => matches!(line.trim_end(), "---" | "..."),
            Matter::Toml => line.trim_end() == "+++",
        };
        if closes {
            // A page may open with a thematic break (`---`) and prose: only
            // a block whose first line is a key (or which is empty) is front
            // matter, so no page text is ever hidden as metadata.
            let text = page.get(text_start..at)?;
            let first = text
                .lines()
                .map(str::trim)
                .find(|line| !line.is_empty() && !line.starts_with('#'));
            let looks_like_keys = first.is_none_or(|line| match kind {
                Matter::Yaml => yaml_key(line),
                Matter::Toml => line.starts_with('[') || line.contains('='),
            });
            return looks_like_keys.then_some((kind, text_start..at, at + line.len()));
        }
        at += line.len();
    }
    None
}

/// Whether a line starts as a YAML mapping key does: a plain or quoted
/// name, then `:` followed by a space or the line's end.
pub(super) fn yaml_key(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    let key = key.trim_matches(['"', '\'']);
    !key.is_empty()
        && !key.contains(char::is_whitespace)
        && (rest.is_empty() || rest.starts_with(' '))
}

/// Reads the page once: front matter, tables, paragraphs and list items,
/// each with its offset, metric items with their phase, parent and group.
#[expect(clippy::too_many_lines, reason = "one match over the parser's events")]
pub(super) fn walk(page: &str) -> Walked {
    let options = MdOptions::ENABLE_TABLES | MdOptions::ENABLE_HEADING_ATTRIBUTES;
    let mut walked = Walked::default();
    // The front matter is read here, not by the Markdown parser (which
    // takes neither `+++` nor a blank line after `---`); the parser gets
    // the page with it blanked out, so every offset stays the page's own.
    let masked;
    let markdown = match front_matter(page) {
        Some((kind, text, end)) => {
            let yaml = page.get(text.clone()).unwrap_or_default().to_owned();
            walked.front_matter = Some((text.start, yaml, kind));
            let (head, rest) = page.split_at_checked(end).unwrap_or((page, ""));
            // One space a byte, so the rest keeps its offsets.
            masked = head
                .bytes()
                .map(|byte| if byte == b'\n' { '\n' } else { ' ' })
                .chain(rest.chars())
                .collect::<String>();
            masked.as_str()
        }
        None => page,
    };
    let mut heading_level: Option<HeadingLevel> = None;
    // The paragraph, heading or cell whose text is being read.
    let mut inline: Option<String> = None;
    let mut open_items: Vec<usize> = Vec::new();
    let mut list_depth = 0usize;
    let mut section: Option<String> = None;
    let mut pending_label: Option<String> = None;
    let mut list_group: Option<String> = None;
    let mut row: Option<RowBuilder> = None;

    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let text: Option<&str> = match &event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some("\n"),
            Event::InlineHtml(_) => Some(" "),
            _ => None,
        };
        if let Some(text) = text {
            if let Some(buffer) = &mut inline {
                buffer.push_str(text);
            }
            if let Some(item) = open_items.last().and_then(|&i| walked.items.get_mut(i)) {
                item.text.push_str(text);
            }
            continue;
        }
        // A label is only a label right before a list.
        if list_depth == 0
            && matches!(
                event,
                Event::Start(
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::BlockQuote(_) | Tag::Table(_)
                ) | Event::Rule
            )
        {
            pending_label = None;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading_level = Some(level);
                inline = Some(String::new());
            }
            Event::Start(Tag::Paragraph | Tag::TableCell) => {
                inline = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                let heading = clean(&inline.take().unwrap_or_default());
                if heading_level.take() == Some(HeadingLevel::H1)
                    && walked.first_heading.is_none()
                    && !heading.is_empty()
                {
                    walked.first_heading = Some((range.start, heading.clone()));
                }
                section = metrics_phase(&heading);
                pending_label = None;
            }
            Event::End(TagEnd::Paragraph) => {
                let paragraph = clean(&inline.take().unwrap_or_default());
                if !paragraph.is_empty() {
                    if list_depth == 0 {
                        pending_label = label(&paragraph);
                    }
                    walked.blocks.push(Block {
                        start: range.start,
                        text: paragraph,
                    });
                }
            }
            Event::Start(Tag::Table(_)) => walked.tables.push(Table {
                start: range.start,
                head: Vec::new(),
                rows: Vec::new(),
            }),
            Event::Start(Tag::List(_)) => {
                if list_depth == 0 {
                    list_group = pending_label.take();
                }
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                let parent = open_items.last().copied();
                let group = match parent.and_then(|p| walked.items.get_mut(p)) {
                    Some(parent) => {
                        parent.children += 1;
                        parent.group.clone()
                    }
                    None => list_group.clone(),
                };
                open_items.push(walked.items.len());
                walked.items.push(Item {
                    start: range.start,
                    text: String::new(),
                    parent,
                    phase: section.clone(),
                    group,
                    children: 0,
                });
            }
            Event::End(TagEnd::Item) => {
                if let Some(item) = open_items.pop().and_then(|i| walked.items.get_mut(i)) {
                    item.text = clean(&item.text);
                    walked.blocks.push(Block {
                        start: item.start,
                        text: item.text.clone(),
                    });
                }
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                row = Some(RowBuilder {
                    range,
                    cells: Vec::new(),
                });
            }
            Event::End(TagEnd::TableCell) => {
                let text = clean(&inline.take().unwrap_or_default());
                if let Some(row) = &mut row {
                    let rest = page.get(range.start..row.range.end).unwrap_or_default();
                    row.cells.push(Cell {
                        text,
                        start: text_start(page, &range),
                        padded: range.is_empty() && rest.trim().is_empty(),
                    });
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let (Some(row), Some(table)) = (row.take(), walked.tables.last_mut()) {
                    table.head = row.cells;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(row), Some(table)) = (row.take(), walked.tables.last_mut()) {
                    table.rows.push(finish_row(page, row));
                }
            }
            _ => {}
        }
    }
    walked
}

/// A row with its extra-cells and attribute-line checks.
pub(super) fn finish_row(page: &str, row: RowBuilder) -> TableRow {
    let source = page.get(row.range.clone()).unwrap_or_default().trim();
    let attributes = source.starts_with("{:") && source.ends_with('}');
    let last_end = last_cell_end(page, &row);
    let rest = page.get(last_end..row.range.end).unwrap_or_default().trim();
    let rest = rest.strip_prefix('|').unwrap_or(rest).trim();
    TableRow {
        start: text_start(page, &row.range),
        extra: !rest.is_empty() && !attributes,
        attributes,
        cells: row.cells,
    }
}

/// The end of the last cell the row's source really has: the parser drops
/// cells beyond the header's, so whatever follows this end is extra.
pub(super) fn last_cell_end(page: &str, row: &RowBuilder) -> usize {
    let Some(cell) = row.cells.iter().rev().find(|cell| !cell.padded) else {
        return row.range.start;
    };
    // From the cell's text to its closing `|` or the line end, skipping
    // escaped pipes as the parser does (a `|` in a code span still splits).
    let source = page.get(cell.start..row.range.end).unwrap_or_default();
    let mut escaped = false;
    for (i, c) in source.char_indices() {
        if (c == '|' && !escaped) || c == '\n' {
            return cell.start + i;
        }
        escaped = c == '\\' && !escaped;
    }
    row.range.end
}

/// The top-level `title` of the front matter, walking the YAML's events
/// only (no aliases expanded). `Ok(None)` when there is no text title;
/// `Err` with the byte offset and message of a YAML error.
pub(super) fn front_matter_title(yaml: &str) -> Result<Option<String>, (usize, String)> {
    use yaml_rust2::Event as Y;
    let mut parser = yaml_rust2::parser::Parser::new_from_str(yaml);
    let mut depth = 0usize;
    let mut key_next = true;
    let mut title_next = false;
    loop {
        let (event, _) = parser
            .next_token()
            .map_err(|error| (error.marker().index(), error.info().to_owned()))?;
        let top = depth == 1;
        match event {
            Y::StreamEnd | Y::DocumentEnd => return Ok(None),
            Y::MappingStart(..) | Y::SequenceStart(..) => {
                if depth == 0 && !matches!(event, Y::MappingStart(..)) {
                    return Ok(None);
                }
                if top && title_next {
                    return Ok(None);
                }
                depth += 1;
            }
            Y::MappingEnd | Y::SequenceEnd => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok(None);
                }
                if depth == 1 {
                    key_next = !key_next;
                }
            }
            Y::Scalar(value, ..) if top => {
                if title_next {
                    return Ok(Some(value));
                }
                title_next = key_next && value == "title";
                key_next = !key_next;
            }
            Y::Alias(_) if top => {
                if title_next {
                    return Ok(None);
                }
                key_next = !key_next;
            }
            Y::Scalar(..) if depth == 0 => return Ok(None),
            _ => {}
        }
    }
}

/// The top-level `title` of TOML front matter; `Err` with the byte offset
/// and message of a TOML error.
pub(super) fn toml_title(text: &str) -> Result<Option<String>, (usize, String)> {
    let table: toml::Table = toml::from_str(text).map_err(|error| {
        (
            error.span().map_or(0, |span| span.start),
            error.message().to_owned(),
        )
    })?;
    Ok(table
        .get("title")
        .and_then(toml::Value::as_str)
        .map(str::to_owned))
}
