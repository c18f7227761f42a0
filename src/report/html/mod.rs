//! The HTML documents: one self-contained file each (inline CSS and SVG, no
//! script, no font, no request: a Content-Security-Policy says so to the
//! browser), built with `maud`, which escapes every value it is given.
//!
//! The building blocks here serve every document: the page shell
//! ([`page`]), text from files ([`clean`]), tables in a box that scrolls
//! ([`scroll`]), a status word ([`status`]), a signed change ([`delta`]),
//! and the charts in [`svg`]. A document is a function from the report's
//! values (the ones its JSON gives) to a page: [`plan`], [`team`],
//! [`calibration`], [`diff`]. Figures are formatted by `domain::text`, as on the
//! terminal; nothing is computed here.

pub mod calibration;
mod css;
pub mod diff;
pub mod plan;
pub mod svg;
pub mod team;

use std::borrow::Cow;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::domain::engine::Status;
use crate::domain::text::sanitize;

/// Scripts, fonts, frames, forms and every request forbidden; only the
/// page's own inline style applies.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// What the page shell needs to know: what the document is, of what, and
/// the day it stands for.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// What kind of document: "1:1", "Team", "Calibration".
    pub kind: &'a str,
    /// Whose or of what: a plan's or a model's name, from a file (cleaned
    /// here).
    pub name: &'a str,
    /// The day, as shown (`2026-12-07`), when the data has one.
    pub date: Option<String>,
}

/// Text from a file, as the terminal shows it: control characters made
/// spaces, bidirectional overrides dropped. `maud` escapes it where it is
/// put (`<`, `>`, `&`, `"`).
pub fn clean(text: &str) -> Cow<'_, str> {
    sanitize(text)
}

/// The whole page: head (CSP, title, style with the running header of
/// printed pages), the charts' patterns, `body`, and a footer.
pub fn page(page: &Page<'_>, body: &Markup) -> String {
    let name = clean(page.name);
    let date = page.date.clone().unwrap_or_default();
    let title = if date.is_empty() {
        format!("{}: {name}", page.kind)
    } else {
        format!("{}: {name} · {date}", page.kind)
    };
    let running = format!("{}: {name}", page.kind);
    let style = format!("{}{}", css::CSS, css::page_rules(&running, &date));
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                meta name="color-scheme" content="light dark";
                meta name="generator" content="tamplan";
                title { (title) }
                // Only the CSS above and `css_string`'s escapes: nothing
                // from a file reaches it unescaped.
                style { (PreEscaped(style)) }
            }
            body {
                (svg::defs())
                (body)
                footer {
                    p { "Made with tamplan. Every figure is the one " code { "--format json" } " gives." }
                }
            }
        }
    }
    .into_string()
}

/// A report without a document of its own: its text table in the shell.
pub fn text_page(kind: &str, name: &str, date: Option<String>, text: &str) -> String {
    let body = html! {
        header { p.kind { (kind) } h1 { (clean(name)) } }
        main { pre { (clean_lines(text)) } }
    };
    page(&Page { kind, name, date }, &body)
}

/// Lines cleaned one by one, the line breaks kept.
fn clean_lines(text: &str) -> String {
    text.lines().map(clean).collect::<Vec<_>>().join("\n")
}

/// The document's header: kind, name, and the facts as a definition list
/// (term, value; values from files are cleaned here).
pub fn header(kind: &str, name: &str, facts: &[(&str, String)]) -> Markup {
    html! {
        header {
            p.kind { (kind) }
            h1 { (clean(name)) }
            @if !facts.is_empty() {
                dl.meta {
                    @for (term, value) in facts {
                        dt { (term) }
                        dd { (clean(value)) }
                    }
                }
            }
        }
    }
}

/// A table in a box of its own that scrolls sideways when it is wider
/// than the page (a year of weeks), so the page never does.
pub fn scroll(table: &Markup) -> Markup {
    html! { div.scroll { (table) } }
}

/// The CSS class of a status (`s-ok`, `s-near`, `s-over`).
pub fn status_class(status: Status) -> &'static str {
    match status {
        Status::Ok => "s-ok",
        Status::Near => "s-near",
        Status::Over => "s-over",
    }
}

/// A status in words (`NEAR CAPACITY`), coloured as well.
pub fn status(status: Status) -> Markup {
    html! { span class={ "status " (status_class(status)) } { (status.label()) } }
}

/// A signed change as the terminal writes it (`+84.00`), with an arrow
/// for its direction so the sign is not told by colour.
pub fn delta(shown: &str) -> Markup {
    let class = if shown.starts_with('-') {
        "down"
    } else if shown.starts_with('+') {
        "up"
    } else {
        ""
    };
    html! { span class=(class) { (shown) } }
}

/// A section with its heading; `id` names it for links and tests.
pub fn section(id: &str, heading: &str, body: &Markup) -> Markup {
    html! {
        section id=(id) aria-labelledby={ (id) "-h" } {
            h2 id={ (id) "-h" } { (heading) }
            (body)
        }
    }
}

#[cfg(test)]
mod tests;
