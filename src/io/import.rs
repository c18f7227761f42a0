//! `tamplan import`: a handbook page (Markdown with YAML front matter and
//! Kramdown attribute lines such as `{: .alert}`) turned into a model file.
//! Pure: page text in, model TOML text and warnings out; `files` and `cli`
//! do the reading and writing.
//!
//! The page is read with pulldown-cmark (tables, YAML-style metadata blocks,
//! heading attributes), so links, emphasis and escapes are reduced to their
//! text and every value keeps its offset for `PAGE:LINE:COL` messages.
//! Kramdown attribute lists (`{: …}`) are dropped from every text.
//!
//! What the import reads, and the rules a reviewer should know:
//! - **Name**: the front matter's `title`. Only that key is needed, so the
//!   YAML is walked with yaml-rust2's event parser (a maintained YAML 1.2
//!   parser) instead of being loaded whole: aliases are never expanded, so a
//!   hostile front matter cannot blow up memory. No title: a warning and a
//!   name made from the page's file name.
//! - **Rows**: the first table whose header has a Tasks column and at least
//!   one of Weekly, Monthly, Quarterly, Yearly (Notes too, any order, any
//!   case). Each task row becomes `hours` per month (the handbook's exact
//!   column), falling back to Yearly ÷ 12, Quarterly ÷ 3, then
//!   Weekly × 52 ÷ 12 (said in a warning and a comment). A row whose task
//!   starts with "Total" is the totals row: checked against the sum of the
//!   rows, never imported.
//! - **Capacity**: 40 h a week, 52 weeks, 8 h a day; PTO from the first
//!   sentence "N days or M hours of PTO" (days win if N × 8 ≠ M).
//! - **Counts**: a row scales with `customers` only when its note says
//!   "per customer". The count's default is derived from the **first** such
//!   row (in table order) whose note gives a rate ("1 hour per customer",
//!   read per month unless the note names a period): its hours in that
//!   period ÷ the rate. Every other rate that implies a different book size
//!   is a warning; the hours always stay as the table gives them. A
//!   per-customer note that names new customers a quarter ("for average of
//!   3 customers/quarter") scales with `new_customers_per_quarter` instead
//!   (default from the note), as the built-in model does.
//! - **The built-in model's page** (the same title): a row read otherwise
//!   than the built-in model (another count, other hours) gets a REVIEW
//!   comment saying what the built-in model does.
//! - **Metrics**: every list item under a "Metrics for …" heading (up to the
//!   next heading); the phase is the heading's rest, sub-items point to their
//!   parent, a label paragraph just before a list ("Onboarding:", or a short
//!   line without final punctuation) is the list's `group`. The name is the
//!   item's text; the target is the text after "Label: " if any, "all
//!   sub-items met" for a parent, else the whole text.
//! - **Judges**: only when the item holds exactly one of these phrases and
//!   no other figure: "within N days|weeks|months" (at most N), "over N
//!   (out of M)" (above N), "at least N%" (at least N %), or a leading
//!   "N%" (at least N %). All are judged from an actual value a scenario
//!   records. Anything else has no judge: no data, or its sub-items' status.

use std::collections::HashMap;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options as MdOptions, Parser, Tag, TagEnd};
use regex::Regex;

use crate::domain::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use crate::domain::model::{BOOK_COUNT, Capacity, Model};
use crate::domain::text;

/// Default capacity figures, which a handbook page does not state.
const HOURS_PER_WEEK: f64 = 40.0;
const WEEKS_PER_YEAR: f64 = 52.0;
const HOURS_PER_DAY: f64 = 8.0;

/// Slack for comparing sums of written figures.
const TOLERANCE: f64 = 1e-6;

/// The longest comment line written.
const COMMENT_WIDTH: usize = 78;

/// How to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Write a model with just the metrics (`rows = []`), ignoring any table.
    pub metrics_only: bool,
}

/// Something a person should review, at a place in the page when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line and column (in characters) in the page.
    pub position: Option<(usize, usize)>,
    /// What was found and what the import did about it.
    pub message: String,
}

impl Warning {
    /// `PAGE:LINE:COL: message`, or `PAGE: message`: where and what, for a
    /// message that says "warning" before it.
    pub fn located(&self, source: &str) -> String {
        match self.position {
            Some((line, column)) => format!("{source}:{line}:{column}: {}", self.message),
            None => format!("{source}: {}", self.message),
        }
    }
}

/// A successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The model file, with comments for a reviewer; it passes
    /// [`Model::parse`].
    pub toml: String,
    /// Everything a person should review, in page order.
    pub warnings: Vec<Warning>,
    /// Task rows written.
    pub rows: usize,
    /// Metrics written.
    pub metrics: usize,
}

/// Why a page could not be imported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// No table with a Tasks column and an hours column.
    #[error("no rhythm-of-business table found; metrics found: {metrics}")]
    NoTable {
        /// Metrics the page holds (what `--metrics-only` would import).
        metrics: usize,
    },
    /// `--metrics-only` on a page without metrics.
    #[error("no metrics found; expected list items under \"Metrics for …\" headings")]
    NoMetrics,
    /// Problems in the page's table or front matter, each at its place.
    #[error("{errors}")]
    Invalid {
        /// The problems, as `PAGE:LINE:COL: message`.
        errors: Diagnostics,
        /// Warnings found on the way.
        warnings: Vec<Warning>,
    },
    /// The generated model failed validation: a bug in the import, reported
    /// rather than written.
    #[error("the imported model does not validate (a bug in tamplan import):\n{0}")]
    Generated(Diagnostics),
}

/// Imports the page `page`; `source` names it in messages and comments.
///
/// # Errors
/// [`ImportError`]: no table (unless `metrics_only`), no metrics (with
/// `metrics_only`), or problems in the table, each at its line and column.
pub fn import(page: &str, source: &str, options: Options) -> Result<Imported, ImportError> {
    let walked = walk(page);
    let mut run = Run {
        lines: LineIndex::new(page),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let name = run.title(&walked, source);
    let metrics = run.metrics(&walked.items);
    let rows = if options.metrics_only {
        if metrics.is_empty() {
            return Err(ImportError::NoMetrics);
        }
        Vec::new()
    } else {
        let Some(table) = run.pick_table(&walked.tables) else {
            return Err(ImportError::NoTable {
                metrics: metrics.len(),
            });
        };
        run.rows(table)
    };
    let pto = run.pto(&walked.blocks);
    if !run.errors.is_empty() {
        return Err(ImportError::Invalid {
            errors: Diagnostics::new(source, run.errors),
            warnings: run.warnings,
        });
    }
    let counts = run.counts(&rows);
    run.warnings.sort_by_key(|warning| warning.position);
    let toml = Emit {
        source,
        name: &name,
        pto: &pto,
        rows: &rows,
        counts: &counts,
        metrics: &metrics,
        metrics_only: options.metrics_only,
        warnings: &run.warnings,
    }
    .render();
    Model::parse(&toml, &format!("<model imported from {source}>"))
        .map_err(ImportError::Generated)?;
    Ok(Imported {
        toml,
        warnings: run.warnings,
        rows: rows.len(),
        metrics: metrics.len(),
    })
}

// ------------------------------------------------------------------ walk --

/// A run of text (paragraph or list item) with where it starts.
struct Block {
    start: usize,
    text: String,
}

/// One table cell: its text, where its text starts, and whether the parser
/// made it up to pad a short row.
struct Cell {
    text: String,
    start: usize,
    padded: bool,
}

/// One table row.
struct TableRow {
    start: usize,
    cells: Vec<Cell>,
    /// The row has more cells than the header (the parser drops them).
    extra: bool,
    /// The row is a Kramdown attribute line (`{: .table}`), not data.
    attributes: bool,
}

struct Table {
    start: usize,
    head: Vec<Cell>,
    rows: Vec<TableRow>,
}

/// A list item, before it is known to be a metric.
struct Item {
    start: usize,
    text: String,
    parent: Option<usize>,
    /// The phase of the "Metrics for …" section it is in, if any.
    phase: Option<String>,
    group: Option<String>,
    children: usize,
}

#[derive(Default)]
struct Walked {
    /// The front matter, what it is written in and where its text starts.
    front_matter: Option<(usize, String, Matter)>,
    /// The first level-one heading's text, and where it starts.
    first_heading: Option<(usize, String)>,
    /// Paragraphs and list items, to find the PTO sentence in.
    blocks: Vec<Block>,
    tables: Vec<Table>,
    items: Vec<Item>,
}

/// A row being read: its range and cells so far.
struct RowBuilder {
    range: Range<usize>,
    cells: Vec<Cell>,
}

static ATTRIBUTE_LIST: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\{:[^{}\n]*\}").ok());

/// Text with Kramdown attribute lists dropped, control characters and runs
/// of white space made one space, and trimmed.
fn clean(raw: &str) -> String {
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
fn metrics_phase(heading: &str) -> Option<String> {
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
fn label(paragraph: &str) -> Option<String> {
    if let Some(label) = paragraph.strip_suffix(':') {
        let label = label.trim();
        return (!label.is_empty()).then(|| label.to_owned());
    }
    let short = paragraph.split_whitespace().count() <= 5;
    let unpunctuated = !paragraph.ends_with(['.', '!', '?', ';', ',', ')']);
    (short && unpunctuated && !paragraph.is_empty()).then(|| paragraph.to_owned())
}

/// Where the text of `range` starts, past leading blanks.
fn text_start(page: &str, range: &Range<usize>) -> usize {
    let inner = page.get(range.clone()).unwrap_or_default();
    range.start + (inner.len() - inner.trim_start().len())
}

/// What a page's front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Matter {
    /// Between `---` lines (Jekyll, Middleman, Hugo): YAML.
    Yaml,
    /// Between `+++` lines (Hugo, Zola): TOML.
    Toml,
}

impl Matter {
    fn language(self) -> &'static str {
        match self {
            Matter::Yaml => "YAML",
            Matter::Toml => "TOML",
        }
    }
}

/// The front matter at the very start of a page (after a byte-order mark):
/// `---` … `---` (or `...`) for YAML, `+++` … `+++` for TOML, blank lines
/// inside allowed. Its kind, the text's range and the whole block's end.
fn front_matter(page: &str) -> Option<(Matter, Range<usize>, usize)> {
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
fn yaml_key(line: &str) -> bool {
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
fn walk(page: &str) -> Walked {
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
fn finish_row(page: &str, row: RowBuilder) -> TableRow {
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
fn last_cell_end(page: &str, row: &RowBuilder) -> usize {
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

// ------------------------------------------------------------- analysis --

/// The import's state: the page, and what it found wrong.
struct Run<'p> {
    lines: LineIndex<'p>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Task,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
    Notes,
}

impl Column {
    const ALL: [Column; 6] = [
        Column::Task,
        Column::Weekly,
        Column::Monthly,
        Column::Quarterly,
        Column::Yearly,
        Column::Notes,
    ];

    /// The hours columns, in the order they are used for a row's hours.
    const HOURS: [Column; 4] = [
        Column::Monthly,
        Column::Yearly,
        Column::Quarterly,
        Column::Weekly,
    ];

    fn from_header(text: &str) -> Option<Column> {
        match text.trim().to_lowercase().as_str() {
            "tasks" | "task" => Some(Column::Task),
            "weekly" => Some(Column::Weekly),
            "monthly" => Some(Column::Monthly),
            "quarterly" => Some(Column::Quarterly),
            "yearly" => Some(Column::Yearly),
            "notes" | "note" => Some(Column::Notes),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Column::Task => "Tasks",
            Column::Weekly => "Weekly",
            Column::Monthly => "Monthly",
            Column::Quarterly => "Quarterly",
            Column::Yearly => "Yearly",
            Column::Notes => "Notes",
        }
    }

    /// Hours in this column × factor = hours a month.
    fn to_monthly(self) -> f64 {
        match self {
            Column::Weekly => WEEKS_PER_YEAR / 12.0,
            Column::Quarterly => 1.0 / 3.0,
            Column::Yearly => 1.0 / 12.0,
            Column::Task | Column::Monthly | Column::Notes => 1.0,
        }
    }

    /// How the fallback is said in comments.
    fn rule(self) -> &'static str {
        match self {
            Column::Weekly => "Weekly × 52 ÷ 12 (the weekly figures are rounded)",
            Column::Quarterly => "Quarterly ÷ 3",
            Column::Yearly => "Yearly ÷ 12",
            Column::Task | Column::Monthly | Column::Notes => "Monthly",
        }
    }
}

/// A task row as imported.
struct ImportedRow {
    task: String,
    /// Hours a month.
    hours: f64,
    /// The column the hours come from.
    from: Column,
    /// The figure in that column.
    figure: f64,
    note: String,
    line: usize,
    /// Where the row starts in the page.
    start: usize,
}

/// A metric as imported.
struct ImportedMetric {
    id: String,
    phase: String,
    group: Option<String>,
    parent: Option<String>,
    name: String,
    target: String,
    judge: Option<JudgeSpec>,
    children: usize,
    line: usize,
}

/// A judge read from a metric's text.
struct JudgeSpec {
    op: &'static str,
    value: f64,
    unit: String,
    phrase: String,
}

/// The PTO found, or not.
struct Pto {
    days: f64,
    /// The sentence's words and line, for the comment.
    found: Option<(String, usize)>,
    /// Hours the page gives, when it gives them.
    hours: Option<f64>,
}

/// A per-customer rate read from a note.
struct Rate {
    phrase: String,
    hours: f64,
    /// Periods of the rate in a year, and the period's name.
    periods: f64,
    period: &'static str,
    stated: bool,
}

/// The `customers` and `new_customers_per_quarter` counts and which rows
/// scale with them.
struct Counts {
    /// The book size and the row it comes from.
    customers: Option<(f64, usize)>,
    /// New customers a quarter and the phrase they come from.
    new_customers: Option<(f64, String)>,
    /// Per row: the count it scales with, if any, and the comment for it.
    rows: Vec<(Option<&'static str>, String)>,
    /// Comments for the `customers` count.
    notes: Vec<String>,
}

/// The count of new customers a quarter, named as the built-in model names
/// it.
const NEW_COUNT: &str = "new_customers_per_quarter";
const NEW_COUNT_LABEL: &str = "New customers per quarter";

fn regex(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

static NUMBER_CELL: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$"));
static PTO_DAYS_HOURS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(\d+(?:\.\d+)?)\s+days?\s+or\s+(\d+(?:\.\d+)?)\s+hours?\s+of\s+(?:PTO|paid\s+time\s+off)\b",
    )
});
static PTO_DAYS: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\b(\d+(?:\.\d+)?)\s+days?\s+of\s+(?:PTO|paid\s+time\s+off)\b"));
static PER_CUSTOMER: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"(?i)\bper\s+customer\b"));
/// New customers a quarter in a note: "average of 3 customers/quarter",
/// "2 new customers per quarter".
static NEW_PER_QUARTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(concat!(
        r"(?i)\b(?:(?:an?\s+)?average\s+of\s+)?(\d+(?:\.\d+)?)\s+(?:new\s+|net-new\s+)?",
        r"customers?(?:\s*/\s*|\s+(?:per|a|each)\s+)quarter\b",
    ))
});
static RATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(concat!(
        r"(?i)\b(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?)\s+",
        r"(?:(?:per|a|an|each)\s+(week|month|quarter|year)\s+)?",
        r"per\s+customer\b",
        r"(?:\s+(?:per|a|each)\s+(week|month|quarter|year)\b",
        r"|\s+for\s+(?:an?\s+|the\s+)?(annual|yearly|quarterly|monthly|weekly)\b)?",
    ))
});
static FIGURE: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"\b\d+(?:\.\d+)?\b"));
static WITHIN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"(?i)\bwithin\s+(?:the\s+)?(?:first\s+)?(\d+(?:\.\d+)?)\s+(days?|weeks?|months?)\b")
});
static OVER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"(?i)\b(?:over|above)\s+(\d+(?:\.\d+)?)(?:\s*\(out\s+of\s+(\d+(?:\.\d+)?)\))?")
});
static AT_LEAST_PERCENT: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\bat\s+least\s+(\d+(?:\.\d+)?)\s*%"));
static LEADING_PERCENT: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"^(\d+(?:\.\d+)?)\s*%"));

/// A number as written in the page (digits, thousands commas, decimals).
fn number(text: &str) -> Option<f64> {
    let regex = NUMBER_CELL.as_ref()?;
    if !regex.is_match(text) {
        return None;
    }
    text.replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

impl Run<'_> {
    fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.line_column(offset)
    }

    fn line(&self, offset: usize) -> usize {
        self.position(offset).0
    }

    fn error(&mut self, offset: usize, message: String) {
        let (line, column) = self.position(offset);
        self.errors.push(Diagnostic {
            line,
            column,
            message,
        });
    }

    fn warn(&mut self, offset: Option<usize>, message: String) {
        let position = offset.map(|offset| self.position(offset));
        self.warnings.push(Warning { position, message });
    }

    /// The front matter's `title`, else the first `#` heading, else a name
    /// made from `source`; a warning says which when it is not the first.
    fn title(&mut self, walked: &Walked, source: &str) -> String {
        let heading = walked.first_heading.clone();
        let fallback = format!("Imported from {source}");
        let (why, at) = match &walked.front_matter {
            None => ("no front matter with a title".to_owned(), None),
            Some((start, text, kind)) => {
                let found = match kind {
                    Matter::Yaml => front_matter_title(text),
                    Matter::Toml => toml_title(text),
                };
                match found {
                    Ok(Some(title)) => {
                        let title = clean(&title);
                        if !title.is_empty() {
                            return title;
                        }
                        ("the front matter's title is empty".to_owned(), Some(*start))
                    }
                    Ok(None) => (
                        "the front matter has no text `title`".to_owned(),
                        Some(*start),
                    ),
                    Err((offset, error)) => (
                        format!(
                            "the front matter is not valid {} ({error})",
                            kind.language()
                        ),
                        Some(start + offset),
                    ),
                }
            }
        };
        let (name, from) = match heading {
            Some((_, heading)) => (heading, "the first `#` heading"),
            None => (fallback, "the file"),
        };
        self.warn(
            at,
            format!("{why}; the model is named {name:?} after {from}"),
        );
        name
    }

    /// The first rhythm-of-business table; later ones are warned about.
    fn pick_table<'t>(&mut self, tables: &'t [Table]) -> Option<&'t Table> {
        let mut candidates = tables.iter().filter(|table| {
            let columns: Vec<Column> = table
                .head
                .iter()
                .filter_map(|cell| Column::from_header(&cell.text))
                .collect();
            columns.contains(&Column::Task) && Column::HOURS.iter().any(|c| columns.contains(c))
        });
        let first = candidates.next()?;
        for other in candidates {
            let line = self.line(first.start);
            self.warn(
                Some(other.start),
                format!("another task table; only the first, at line {line}, is imported"),
            );
        }
        Some(first)
    }

    /// The header's columns, with duplicate, extra and missing columns
    /// reported.
    fn layout(&mut self, table: &Table) -> HashMap<Column, usize> {
        let mut layout = HashMap::new();
        for (index, cell) in table.head.iter().enumerate() {
            match Column::from_header(&cell.text) {
                Some(column) => match layout.entry(column) {
                    std::collections::hash_map::Entry::Occupied(_) => self.error(
                        cell.start,
                        format!("second {} column; expected each column once", column.label()),
                    ),
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(index);
                    }
                },
                None => self.warn(
                    Some(cell.start),
                    format!(
                        "extra column {:?} is ignored; expected Tasks, Weekly, Monthly, Quarterly, Yearly and Notes",
                        cell.text
                    ),
                ),
            }
        }
        for column in Column::ALL {
            if !layout.contains_key(&column) {
                let consequence = match column {
                    Column::Monthly => {
                        "; hours a month come from Yearly ÷ 12, Quarterly ÷ 3 or Weekly × 52 ÷ 12"
                    }
                    Column::Notes => "; the rows have no notes",
                    _ => "",
                };
                self.warn(
                    Some(table.start),
                    format!(
                        "the table has no {} column{consequence}; expected Tasks, Weekly, Monthly, Quarterly, Yearly and Notes",
                        column.label()
                    ),
                );
            }
        }
        layout
    }

    /// The figure in `column` of `row`: `None` when the column or the cell
    /// is empty, an error when it is not a number.
    fn figure(
        &mut self,
        row: &TableRow,
        layout: &HashMap<Column, usize>,
        column: Column,
    ) -> Option<f64> {
        let cell = row.cells.get(*layout.get(&column)?)?;
        if cell.text.is_empty() {
            return None;
        }
        let value = number(&cell.text);
        if value.is_none() {
            self.error(
                cell.start,
                format!(
                    "{:?} in the {} column is not a number; expected hours ≥ 0, like 4 or 0.25",
                    cell.text,
                    column.label()
                ),
            );
        }
        value
    }

    fn rows(&mut self, table: &Table) -> Vec<ImportedRow> {
        let layout = self.layout(table);
        let width = table.head.len();
        let mut rows: Vec<ImportedRow> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut totals: Vec<(&TableRow, HashMap<Column, f64>)> = Vec::new();
        // Per hours column: the sum of the rows, and whether every row had one.
        let mut sums: HashMap<Column, (f64, bool)> = HashMap::new();

        for row in &table.rows {
            if row.attributes {
                continue;
            }
            if !self.shape_ok(row, width) {
                continue;
            }
            let task_cell = layout.get(&Column::Task).and_then(|&i| row.cells.get(i));
            let task = task_cell.map(|cell| cell.text.clone()).unwrap_or_default();
            let task_start = task_cell.map_or(row.start, |cell| cell.start);
            let errors_before = self.errors.len();
            let mut figures = HashMap::new();
            for column in Column::HOURS {
                if let Some(value) = self.figure(row, &layout, column) {
                    figures.insert(column, value);
                }
            }
            if self.errors.len() > errors_before {
                // A cell that is not a number: no fallback to another column.
                continue;
            }
            if is_total(&task) {
                totals.push((row, figures));
                continue;
            }
            if task.is_empty() {
                self.error(
                    task_start,
                    "the task is empty; expected the task's name".to_owned(),
                );
                continue;
            }
            for column in Column::HOURS {
                let entry = sums.entry(column).or_insert((0.0, true));
                match figures.get(&column) {
                    Some(value) => entry.0 += value,
                    None => entry.1 = false,
                }
            }
            let line = self.line(row.start);
            if let Some(first) = seen.insert(task.to_lowercase(), line) {
                self.error(
                    task_start,
                    format!(
                        "duplicate task {task:?} (first at line {first}); expected each task once"
                    ),
                );
                continue;
            }
            let Some((from, figure, hours)) = self.hours(row, &task, task_start, &figures) else {
                continue;
            };
            let note = layout
                .get(&Column::Notes)
                .and_then(|&i| row.cells.get(i))
                .map(|cell| cell.text.clone())
                .unwrap_or_default();
            rows.push(ImportedRow {
                task,
                hours,
                from,
                figure,
                note,
                line,
                start: row.start,
            });
        }
        if rows.is_empty() && self.errors.is_empty() {
            self.error(
                table.start,
                "the task table has no task rows; expected at least one".to_owned(),
            );
        }
        // With rows skipped for errors the sums would mislead.
        if self.errors.is_empty() {
            for (row, figures) in totals {
                self.check_totals(row, &figures, &sums);
            }
        }
        rows
    }

    /// Whether the row has exactly one cell per header column; an error
    /// naming the row if not.
    fn shape_ok(&mut self, row: &TableRow, width: usize) -> bool {
        let real = row.cells.iter().filter(|cell| !cell.padded).count();
        if real < width {
            self.error(
                row.start,
                format!(
                    "row has {real} cells but the header has {width}; expected one cell per column"
                ),
            );
            false
        } else if row.extra {
            self.error(
                row.start,
                format!(
                    "row has more cells than the header's {width}; expected one cell per column"
                ),
            );
            false
        } else {
            true
        }
    }

    /// A task row's hours a month: the column used, its figure and the
    /// hours, with a warning for a fallback and an error for none.
    fn hours(
        &mut self,
        row: &TableRow,
        task: &str,
        task_start: usize,
        figures: &HashMap<Column, f64>,
    ) -> Option<(Column, f64, f64)> {
        let Some((from, figure)) = Column::HOURS
            .iter()
            .find_map(|column| figures.get(column).map(|value| (*column, *value)))
        else {
            self.error(
                task_start,
                format!("no hours for {task:?}; expected a number in the Monthly column (or Yearly, Quarterly, Weekly)"),
            );
            return None;
        };
        let hours = figure * from.to_monthly();
        if from == Column::Monthly {
            self.check_columns(row.start, task, hours, figures);
        } else {
            self.warn(
                Some(row.start),
                format!(
                    "{task:?} has no Monthly figure; hours a month = {} = {}",
                    from.rule(),
                    text::plain(hours)
                ),
            );
        }
        Some((from, figure, hours))
    }

    /// Warns when a row's quarterly or yearly figure is not its monthly one
    /// × 3 or × 12.
    fn check_columns(
        &mut self,
        start: usize,
        task: &str,
        monthly: f64,
        figures: &HashMap<Column, f64>,
    ) {
        for (column, factor) in [(Column::Quarterly, 3.0), (Column::Yearly, 12.0)] {
            if let Some(&value) = figures.get(&column)
                && !close(value, monthly * factor)
            {
                self.warn(
                    Some(start),
                    format!(
                        "{task:?}: Monthly {} × {factor} = {} but {} says {}; the model uses the monthly figure",
                        text::plain(monthly),
                        text::plain(monthly * factor),
                        column.label(),
                        text::plain(value)
                    ),
                );
            }
        }
    }

    /// Warns for each figure of the totals row that is not the rows' sum.
    fn check_totals(
        &mut self,
        row: &TableRow,
        figures: &HashMap<Column, f64>,
        sums: &HashMap<Column, (f64, bool)>,
    ) {
        for column in [
            Column::Weekly,
            Column::Monthly,
            Column::Quarterly,
            Column::Yearly,
        ] {
            let (Some(&total), Some(&(sum, complete))) = (figures.get(&column), sums.get(&column))
            else {
                continue;
            };
            if complete && !close(total, sum) {
                self.warn(
                    Some(row.start),
                    format!(
                        "the totals row's {} figure is {} but the rows add up to {}; the rows are imported as written",
                        column.label(),
                        text::plain(total),
                        text::plain(sum)
                    ),
                );
            }
        }
    }

    /// PTO from the first sentence that states it.
    fn pto(&mut self, blocks: &[Block]) -> Pto {
        for block in blocks {
            let line = self.line(block.start);
            if let Some(found) = PTO_DAYS_HOURS
                .as_ref()
                .and_then(|r| r.captures(&block.text))
            {
                let days = found.get(1).and_then(|m| number(m.as_str()));
                let hours = found.get(2).and_then(|m| number(m.as_str()));
                let phrase = found
                    .get(0)
                    .map(|m| m.as_str().to_owned())
                    .unwrap_or_default();
                if let (Some(days), Some(hours)) = (days, hours) {
                    if !close(days * HOURS_PER_DAY, hours) {
                        self.warn(
                            Some(block.start),
                            format!(
                                "PTO: {} days × {} h = {} h, but the page says {} h; the model uses the days",
                                text::plain(days),
                                text::plain(HOURS_PER_DAY),
                                text::plain(days * HOURS_PER_DAY),
                                text::plain(hours)
                            ),
                        );
                    }
                    return self.checked_pto(days, Some(hours), phrase, line, block.start);
                }
            }
            if let Some(found) = PTO_DAYS.as_ref().and_then(|r| r.captures(&block.text)) {
                let phrase = found
                    .get(0)
                    .map(|m| m.as_str().to_owned())
                    .unwrap_or_default();
                if let Some(days) = found.get(1).and_then(|m| number(m.as_str())) {
                    return self.checked_pto(days, None, phrase, line, block.start);
                }
            }
        }
        self.warn(
            None,
            "no sentence like \"56 days or 448 hours of PTO\"; pto_days is 0".to_owned(),
        );
        Pto {
            days: 0.0,
            found: None,
            hours: None,
        }
    }

    /// PTO that leaves working time, or an error at its sentence.
    fn checked_pto(
        &mut self,
        days: f64,
        hours: Option<f64>,
        phrase: String,
        line: usize,
        start: usize,
    ) -> Pto {
        let capacity = Capacity {
            target_utilization: 1.0,
            pto_by_quarter: None,
            hours_per_week: HOURS_PER_WEEK,
            weeks_per_year: WEEKS_PER_YEAR,
            pto_days: days,
            hours_per_day: HOURS_PER_DAY,
        };
        if let Err(problem) = crate::domain::engine::check_capacity(&capacity, None) {
            self.error(start, format!("PTO {phrase:?}: {problem}"));
        }
        Pto {
            days,
            found: Some((phrase, line)),
            hours,
        }
    }

    /// Which rows scale with `customers` or with new customers a quarter,
    /// and the counts' defaults.
    fn counts(&mut self, rows: &[ImportedRow]) -> Counts {
        let new_customers = new_customers(rows);
        let rates: Vec<Option<(Rate, f64)>> = rows
            .iter()
            .map(|row| {
                let rate = rate(&row.note)?;
                let implied = row.hours * 12.0 / rate.periods / rate.hours;
                Some((rate, implied))
            })
            .collect();
        let chosen = rates.iter().zip(&new_customers).enumerate().find_map(
            |(index, (rate, new))| match rate {
                Some((_, implied)) if new.is_none() && implied.is_finite() && *implied > 0.0 => {
                    Some((*implied, index))
                }
                _ => None,
            },
        );
        let first_new = new_customers.iter().flatten().next().cloned();
        let mut notes = Vec::new();
        let mut decisions = Vec::new();
        for (index, (row, rate)) in rows.iter().zip(&rates).enumerate() {
            if let Some((new, phrase)) = new_customers.get(index).cloned().flatten() {
                decisions.push((
                    Some(NEW_COUNT),
                    self.new_customers_row(row, rate.as_ref(), (new, &phrase), first_new.as_ref()),
                ));
                continue;
            }
            let says = PER_CUSTOMER
                .as_ref()
                .is_some_and(|regex| regex.is_match(&row.note));
            if !says {
                decisions.push((
                    None,
                    "Fixed hours: the note does not say \"per customer\".".to_owned(),
                ));
                continue;
            }
            let Some((customers, source)) = chosen else {
                self.warn(
                    Some(row.start),
                    format!(
                        "{:?}: the note says \"per customer\" but gives no rate to derive the book size from; the row does not scale (add a `customers` count and `scales_with` by hand)",
                        row.task
                    ),
                );
                decisions.push((None, "REVIEW: the note says \"per customer\" but no row gives a rate to derive the number of customers from, so the row does not scale.".to_owned()));
                continue;
            };
            let mut comment =
                "REVIEW: the note says \"per customer\", so the row grows with `customers`."
                    .to_owned();
            if let Some((rate, implied)) = rate {
                let reading = reading(row, rate, *implied);
                if index == source {
                    let _ = write!(comment, " Its rate gives the book size: {reading}.");
                } else if close(*implied, customers) {
                    let _ = write!(comment, " Its rate agrees: {reading}.");
                } else {
                    let source_task = rows.get(source).map_or("", |r| r.task.as_str());
                    let message = format!(
                        "{:?}: {reading}, but the model uses {} (from {source_task:?}, the first row with a per-customer rate)",
                        row.task,
                        text::plain(customers)
                    );
                    self.warn(Some(row.start), message.clone());
                    notes.push(format!("REVIEW: {message}."));
                    let _ = write!(
                        comment,
                        " Its rate disagrees: {reading}, not {}; the table's hours are kept.",
                        text::plain(customers)
                    );
                }
            } else {
                comment.push_str(" Its note gives no rate to check the book size against.");
            }
            decisions.push((Some(BOOK_COUNT), comment));
        }
        if let Some((row, Some((rate, implied)))) =
            chosen.and_then(|(_, i)| rows.get(i).zip(rates.get(i)))
        {
            notes.insert(
                0,
                format!(
                    "From {:?} (line {}), the first row whose note gives a per-customer rate: {}.",
                    row.task,
                    row.line,
                    reading(row, rate, *implied)
                ),
            );
        }
        let used = decisions
            .iter()
            .any(|(count, _)| *count == Some(BOOK_COUNT));
        Counts {
            customers: chosen.filter(|_| used),
            new_customers: first_new,
            rows: decisions,
            notes,
        }
    }

    /// The comment for a row whose note is per new customer a quarter; a
    /// figure other than the first row's is a warning.
    fn new_customers_row(
        &mut self,
        row: &ImportedRow,
        rate: Option<&(Rate, f64)>,
        (new, phrase): (f64, &str),
        first: Option<&(f64, String)>,
    ) -> String {
        let used = first.map_or(new, |(value, _)| *value);
        let mut comment = format!(
            "REVIEW: the note says \"per customer\" for new customers, so the row grows with `{NEW_COUNT}` ({}, from {:?}).",
            text::plain(used),
            first.map_or(phrase, |(_, first)| first.as_str())
        );
        if !close(new, used) {
            let message = format!(
                "{:?}: {phrase:?} gives {} new customers a quarter, but the model uses {}",
                row.task,
                text::plain(new),
                text::plain(used)
            );
            self.warn(Some(row.start), message);
            let _ = write!(
                comment,
                " Its own figure, {}, is not used.",
                text::plain(new)
            );
        }
        if let Some((rate, _)) = rate {
            // The rate is then how long the work lasts for each new
            // customer: hours a quarter ÷ customers ÷ hours a period.
            let quarter = row.hours * 3.0;
            let periods = quarter / used / rate.hours;
            let _ = write!(
                comment,
                " Its rate, {:?} ({} h per customer per {}), at {} h a quarter for {} customers is {} {} of onboarding a customer; the table's hours are kept.",
                rate.phrase,
                text::plain(rate.hours),
                rate.period,
                text::plain(quarter),
                text::plain(used),
                text::plain(periods),
                if close(periods, 1.0) {
                    rate.period.to_owned()
                } else {
                    format!("{}s", rate.period)
                }
            );
        }
        comment
    }

    /// The metrics: items of "Metrics for …" sections, with generated ids.
    fn metrics(&mut self, items: &[Item]) -> Vec<ImportedMetric> {
        let mut metrics: Vec<ImportedMetric> = Vec::new();
        // For each item: the id of the metric it became, or of the nearest
        // ancestor that became one (for skipped empty items).
        let mut ids: Vec<Option<String>> = Vec::with_capacity(items.len());
        let mut used = HashSet::new();
        for item in items {
            let parent = item.parent.and_then(|p| ids.get(p).cloned().flatten());
            let Some(phase) = &item.phase else {
                ids.push(None);
                continue;
            };
            if item.text.is_empty() {
                self.warn(
                    Some(item.start),
                    "empty list item under a metrics heading is skipped".to_owned(),
                );
                ids.push(parent);
                continue;
            }
            let id = make_id(&item.text, &mut used);
            ids.push(Some(id.clone()));
            let judge = if item.children > 0 {
                None
            } else {
                judge(&item.text)
            };
            let target = match item.text.split_once(": ") {
                Some((_, rest)) if !rest.trim().is_empty() => rest.trim().to_owned(),
                _ if item.children > 0 => "all sub-items met".to_owned(),
                _ => item.text.clone(),
            };
            metrics.push(ImportedMetric {
                id,
                phase: phase.clone(),
                group: item.group.clone(),
                parent,
                name: item.text.clone(),
                target,
                judge,
                children: item.children,
                line: self.line(item.start),
            });
        }
        metrics
    }
}

/// Per row, the new customers a quarter its per-customer note names ("for
/// average of 3 customers/quarter") and the phrase: such a note is about new
/// customers, not the book, so its rate never sizes the book.
fn new_customers(rows: &[ImportedRow]) -> Vec<Option<(f64, String)>> {
    rows.iter()
        .map(|row| {
            let says = PER_CUSTOMER
                .as_ref()
                .is_some_and(|regex| regex.is_match(&row.note));
            let found = NEW_PER_QUARTER.as_ref()?.captures(&row.note)?;
            let value = number(found.get(1)?.as_str())?;
            let phrase = found.get(0)?.as_str().to_owned();
            (says && value > 0.0).then_some((value, phrase))
        })
        .collect()
}

/// How a row's rate reads as a book size, for comments and warnings.
fn reading(row: &ImportedRow, rate: &Rate, implied: f64) -> String {
    format!(
        "{:?} ({} h per customer {}) at {} h a {} implies {} customers",
        rate.phrase,
        text::plain(rate.hours),
        if rate.stated {
            format!("per {}", rate.period)
        } else {
            "with no period, read per month".to_owned()
        },
        text::plain(row.hours * 12.0 / rate.periods),
        rate.period,
        text::plain(implied)
    )
}

/// A totals row: its task is "Total…" as a word.
fn is_total(task: &str) -> bool {
    let lower = task.to_lowercase();
    lower == "total"
        || lower == "totals"
        || lower.starts_with("total ")
        || lower.starts_with("totals ")
}

/// The per-customer rate a note gives, if it gives one.
fn rate(note: &str) -> Option<Rate> {
    let found = RATE.as_ref()?.captures(note)?;
    let amount = number(found.get(1)?.as_str())?;
    let unit = found.get(2)?.as_str().to_lowercase();
    let hours = if unit.starts_with('m') {
        amount / 60.0
    } else {
        amount
    };
    if hours <= 0.0 {
        return None;
    }
    let period_word = found
        .get(3)
        .or_else(|| found.get(4))
        .or_else(|| found.get(5))
        .map(|m| m.as_str().to_lowercase());
    let (periods, period) = match period_word.as_deref() {
        Some("week" | "weekly") => (WEEKS_PER_YEAR, "week"),
        Some("quarter" | "quarterly") => (4.0, "quarter"),
        Some("year" | "yearly" | "annual") => (1.0, "year"),
        _ => (12.0, "month"),
    };
    Some(Rate {
        phrase: found.get(0)?.as_str().to_owned(),
        hours,
        periods,
        period,
        stated: period_word.is_some(),
    })
}

/// A judge when the text holds exactly one known target phrase and no
/// other figure.
fn judge(text: &str) -> Option<JudgeSpec> {
    let mut found: Vec<(Range<usize>, JudgeSpec)> = Vec::new();
    let value = |m: Option<regex::Match<'_>>| m.and_then(|m| number(m.as_str()));
    for captures in WITHIN.as_ref()?.captures_iter(text) {
        let whole = captures.get(0)?;
        found.push((
            whole.range(),
            JudgeSpec {
                op: "at_most",
                value: value(captures.get(1))?,
                unit: captures.get(2)?.as_str().to_lowercase(),
                phrase: whole.as_str().to_owned(),
            },
        ));
    }
    for captures in OVER.as_ref()?.captures_iter(text) {
        let whole = captures.get(0)?;
        let unit = captures
            .get(2)
            .map(|m| format!("of {}", m.as_str()))
            .unwrap_or_default();
        found.push((
            whole.range(),
            JudgeSpec {
                op: "above",
                value: value(captures.get(1))?,
                unit,
                phrase: whole.as_str().to_owned(),
            },
        ));
    }
    for regex in [AT_LEAST_PERCENT.as_ref()?, LEADING_PERCENT.as_ref()?] {
        for captures in regex.captures_iter(text) {
            let whole = captures.get(0)?;
            found.push((
                whole.range(),
                JudgeSpec {
                    op: "at_least",
                    value: value(captures.get(1))?,
                    unit: "%".to_owned(),
                    phrase: whole.as_str().to_owned(),
                },
            ));
        }
    }
    let [(range, _)] = found.as_slice() else {
        return None;
    };
    let all_inside = FIGURE
        .as_ref()?
        .find_iter(text)
        .all(|figure| figure.start() >= range.start && figure.end() <= range.end);
    if all_inside {
        found.pop().map(|(_, judge)| judge)
    } else {
        None
    }
}

/// An id of lowercase letters, digits and `_` from the first words of
/// `name`, made unique with a numeric suffix.
fn make_id(name: &str, used: &mut HashSet<String>) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(5)
        .map(str::to_ascii_lowercase)
        .collect();
    let mut base: String = words.join("_").chars().take(48).collect();
    while base.ends_with('_') {
        base.pop();
    }
    if base.is_empty() {
        "metric".clone_into(&mut base);
    }
    let mut id = base.clone();
    let mut suffix = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}_{suffix}");
        suffix += 1;
    }
    id
}

/// The top-level `title` of the front matter, walking the YAML's events
/// only (no aliases expanded). `Ok(None)` when there is no text title;
/// `Err` with the byte offset and message of a YAML error.
fn front_matter_title(yaml: &str) -> Result<Option<String>, (usize, String)> {
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
fn toml_title(text: &str) -> Result<Option<String>, (usize, String)> {
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

// ------------------------------------------------------------------ emit --

/// Writes the model file.
struct Emit<'a> {
    source: &'a str,
    name: &'a str,
    pto: &'a Pto,
    rows: &'a [ImportedRow],
    counts: &'a Counts,
    metrics: &'a [ImportedMetric],
    metrics_only: bool,
    warnings: &'a [Warning],
}

/// A TOML string, escaped by the `toml` crate.
fn string(value: &str) -> String {
    toml::Value::String(value.to_owned()).to_string()
}

/// A TOML number: an integer when whole, else a float.
fn toml_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        toml::Value::Float(value).to_string()
    }
}

/// `# text`, wrapped at [`COMMENT_WIDTH`], control characters made spaces;
/// a list item ("- …") gets a hanging indent.
fn comment(out: &mut String, text: &str) {
    let continuation = if text.starts_with("- ") { "#  " } else { "#" };
    let mut line = String::from("#");
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        let fresh = line == "#" || line == continuation;
        if !fresh && line.chars().count() + 1 + word.chars().count() > COMMENT_WIDTH {
            out.push_str(&line);
            out.push('\n');
            continuation.clone_into(&mut line);
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

fn key(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {value}");
}

impl Emit<'_> {
    /// Per row, on the built-in model's own page (its title), how the
    /// built-in model reads the same task when it reads it otherwise: the
    /// count it grows with, or its hours a year at its defaults.
    fn builtin_readings(&self) -> Vec<Option<String>> {
        let builtin = Model::builtin()
            .ok()
            .filter(|model| model.name == self.name);
        self.rows
            .iter()
            .zip(&self.counts.rows)
            .map(|(row, (scales, _))| {
                let model = builtin.as_ref()?;
                let theirs = model
                    .rows
                    .iter()
                    .find(|theirs| theirs.task.eq_ignore_ascii_case(&row.task))?;
                let count = theirs.scales_with.and_then(|id| model.counts.get(id.0));
                let mut does = Vec::new();
                if count.map(|count| count.name.as_str()) != *scales {
                    does.push(count.map_or_else(
                        || "keeps the hours fixed".to_owned(),
                        |count| {
                            format!(
                                "grows with `{}` ({}, {} by default)",
                                count.name,
                                count.label,
                                text::plain(count.default)
                            )
                        },
                    ));
                }
                let yearly = theirs.hours * theirs.per.periods_per_year(&model.capacity);
                if !close(yearly, row.hours * 12.0) {
                    does.push(format!("plans {} h a year", text::plain(yearly)));
                }
                (!does.is_empty()).then(|| {
                    format!(
                        "REVIEW: the built-in model reads {:?} otherwise: it {}.",
                        row.task,
                        does.join(" and ")
                    )
                })
            })
            .collect()
    }

    fn render(&self) -> String {
        let mut out = String::new();
        self.header(&mut out);
        self.capacity(&mut out);
        self.counts(&mut out);
        self.rows(&mut out);
        self.metrics(&mut out);
        out
    }

    fn header(&self, out: &mut String) {
        comment(
            out,
            &format!(
                "Imported by `tamplan import` from {}. The comments say what the import read and chose; those marked REVIEW are guesses a person should check. Validate with `tamplan check`.",
                self.source
            ),
        );
        if !self.warnings.is_empty() {
            out.push_str("#\n");
            comment(out, "REVIEW: warnings of the import:");
            for warning in self.warnings {
                let at = warning
                    .position
                    .map(|(line, _)| format!("line {line}: "))
                    .unwrap_or_default();
                comment(out, &format!("- {at}{}", warning.message));
            }
        }
        out.push('\n');
        comment(out, "The page's title.");
        key(out, "name", &string(self.name));
        out.push('\n');
        comment(
            out,
            "Utilization from which the plan is \"near\" capacity (tamplan's default).",
        );
        key(out, "warn_at", "0.9");
        if self.metrics_only {
            out.push('\n');
            comment(out, "Imported with --metrics-only: no task rows.");
            key(out, "rows", "[]");
        }
    }

    fn capacity(&self, out: &mut String) {
        out.push_str("\n[capacity]\n");
        comment(
            out,
            "40 h a week, 52 weeks and 8 h a day are tamplan's defaults; the page does not state them.",
        );
        key(out, "hours_per_week", &toml_number(HOURS_PER_WEEK));
        key(out, "weeks_per_year", &toml_number(WEEKS_PER_YEAR));
        match &self.pto.found {
            Some((phrase, line)) => {
                let check = match self.pto.hours {
                    Some(hours) if close(self.pto.days * HOURS_PER_DAY, hours) => format!(
                        " {} days × {} h = {} h.",
                        text::plain(self.pto.days),
                        text::plain(HOURS_PER_DAY),
                        text::plain(hours)
                    ),
                    Some(hours) => format!(
                        " REVIEW: {} days × {} h = {} h, not the {} h the page says; the days are used.",
                        text::plain(self.pto.days),
                        text::plain(HOURS_PER_DAY),
                        text::plain(self.pto.days * HOURS_PER_DAY),
                        text::plain(hours)
                    ),
                    None => String::new(),
                };
                comment(out, &format!("Line {line}: {phrase:?}.{check}"));
            }
            None => comment(out, "REVIEW: the page states no PTO; set pto_days."),
        }
        key(out, "pto_days", &toml_number(self.pto.days));
        key(out, "hours_per_day", &toml_number(HOURS_PER_DAY));
    }

    fn counts(&self, out: &mut String) {
        if let Some((customers, _)) = self.counts.customers {
            out.push_str("\n[[counts]]\n");
            key(out, "name", &string(BOOK_COUNT));
            key(out, "label", &string("Customers in book"));
            for note in &self.counts.notes {
                comment(out, note);
            }
            key(out, "default", &toml_number(customers));
        }
        if let Some((new, phrase)) = &self.counts.new_customers {
            out.push_str("\n[[counts]]\n");
            key(out, "name", &string(NEW_COUNT));
            key(out, "label", &string(NEW_COUNT_LABEL));
            comment(out, &format!("From the note's {phrase:?}."));
            key(out, "default", &toml_number(*new));
        }
    }

    fn rows(&self, out: &mut String) {
        for ((row, (scales, why)), builtin) in self
            .rows
            .iter()
            .zip(&self.counts.rows)
            .zip(self.builtin_readings())
        {
            out.push_str("\n[[rows]]\n");
            key(out, "task", &string(&row.task));
            if row.from == Column::Monthly {
                comment(out, &format!("Line {}: the Monthly column.", row.line));
            } else {
                comment(
                    out,
                    &format!(
                        "REVIEW: line {}: no Monthly figure; {} {} gives {} h a month.",
                        row.line,
                        row.from.label(),
                        text::plain(row.figure),
                        text::plain(row.hours)
                    ),
                );
            }
            key(out, "hours", &toml_number(row.hours));
            key(out, "per", &string("month"));
            comment(out, why);
            if let Some(builtin) = &builtin {
                comment(out, builtin);
            }
            if let Some(count) = scales {
                key(out, "scales_with", &string(count));
            }
            if !row.note.is_empty() {
                key(out, "note", &string(&row.note));
            }
        }
    }

    fn metrics(&self, out: &mut String) {
        let mut phase: Option<&str> = None;
        for metric in self.metrics {
            if phase != Some(metric.phase.as_str()) {
                out.push('\n');
                comment(
                    out,
                    &format!("{} (from \"Metrics for {}\")", metric.phase, metric.phase),
                );
                phase = Some(metric.phase.as_str());
            }
            out.push_str("\n[[metrics]]\n");
            key(out, "id", &string(&metric.id));
            key(out, "phase", &string(&metric.phase));
            if let Some(group) = &metric.group {
                key(out, "group", &string(group));
            }
            if let Some(parent) = &metric.parent {
                key(out, "parent", &string(parent));
            }
            comment(out, &format!("Line {}.", metric.line));
            key(out, "name", &string(&metric.name));
            key(out, "target", &string(&metric.target));
            match &metric.judge {
                Some(judge) => {
                    comment(
                        out,
                        &format!(
                            "REVIEW: judged from an actual value a scenario records: {:?} reads as {} {}{}.",
                            judge.phrase,
                            judge.op.replace('_', " "),
                            text::plain(judge.value),
                            if judge.unit.is_empty() {
                                String::new()
                            } else {
                                format!(" {}", judge.unit)
                            }
                        ),
                    );
                    let unit = if judge.unit.is_empty() {
                        String::new()
                    } else {
                        format!(", unit = {}", string(&judge.unit))
                    };
                    let _ = writeln!(
                        out,
                        "judge = {{ from = \"actual\", {} = {}{unit} }}",
                        judge.op,
                        toml_number(judge.value)
                    );
                }
                None if metric.children > 0 => {
                    comment(out, "No judge: the status follows the sub-items.");
                }
                None => comment(
                    out,
                    "No judge: no single unambiguous target phrase, so the status is \"no data\" until a judge is added.",
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges_only_unambiguous_phrases() {
        let op = |text: &str| judge(text).map(|j| (j.op, j.value, j.unit));
        assert_eq!(
            op("Time to first engage: within 14 days"),
            Some(("at_most", 14.0, "days".to_owned()))
        );
        assert_eq!(
            op("Time to 1st Value: within 30 days"),
            Some(("at_most", 30.0, "days".to_owned()))
        );
        assert_eq!(
            op("Average onboarding NPS & CSAT scores over 4.0 (out of 5)"),
            Some(("above", 4.0, "of 5".to_owned()))
        );
        assert_eq!(
            op("80% of attendees stay for entire webinar"),
            Some(("at_least", 80.0, "%".to_owned()))
        );
        assert_eq!(
            op("100% of Priority 1 customers with green success plans"),
            None
        );
        assert_eq!(
            op("100% of net-new customers with green success plans within first 60 days"),
            None
        );
        assert_eq!(op("3 webinars per quarter"), None);
    }

    #[test]
    fn rates_read_their_period() {
        let read = |note: &str| rate(note).map(|r| (r.hours, r.period, r.stated));
        assert_eq!(
            read("1 hour per customer (30 minutes)"),
            Some((1.0, "month", false))
        );
        assert_eq!(
            read("Roughly 1 hour per customer for annual renewal"),
            Some((1.0, "year", true))
        );
        assert_eq!(
            read("1 hour per week per customer for average of 3 customers/quarter"),
            Some((1.0, "week", true))
        );
        assert_eq!(
            read("30 minutes per customer per quarter"),
            Some((0.5, "quarter", true))
        );
        assert_eq!(read("Logging updates"), None);
    }

    #[test]
    fn ids_are_identifiers_and_unique() {
        let mut used = HashSet::new();
        assert_eq!(
            make_id(
                "% Low License Utilizations 'Saves' (improvement)",
                &mut used
            ),
            "low_license_utilizations_saves_improvement"
        );
        assert_eq!(
            make_id("Time to first engage: within 14 days", &mut used),
            "time_to_first_engage_within"
        );
        assert_eq!(
            make_id("Time to first engage: within 30 days", &mut used),
            "time_to_first_engage_within_2"
        );
        assert_eq!(make_id("— ü —", &mut used), "metric");
    }

    #[test]
    fn titles_come_from_the_top_level_key_only() {
        assert_eq!(
            front_matter_title("layout: x\ntitle: \"A: b\"\n"),
            Ok(Some("A: b".to_owned()))
        );
        assert_eq!(front_matter_title("nested:\n  title: no\n"), Ok(None));
        assert_eq!(front_matter_title("a: &x [1]\ntitle: *x\n"), Ok(None));
        assert!(front_matter_title("title: \"open\n").is_err());
    }

    #[test]
    fn labels_and_phases() {
        assert_eq!(label("Onboarding:"), Some("Onboarding".to_owned()));
        assert_eq!(
            label("Use-Case Enablement"),
            Some("Use-Case Enablement".to_owned())
        );
        assert_eq!(label("A whole sentence that says something longer."), None);
        assert_eq!(
            metrics_phase("Metrics for Expand & Renew"),
            Some("Expand & Renew".to_owned())
        );
        assert_eq!(metrics_phase("Metrics"), None);
    }
}
