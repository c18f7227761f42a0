//! The documents' one style sheet, inline in every page: light on screen
//! and on paper, dark on a screen that prefers it; A4 and Letter alike.

use std::fmt::Write as _;

/// The style sheet. Colours reach WCAG AA against their background (4.5:1
/// for text, 3:1 for the charts' marks); every chart also tells its
/// figures by patterns and labels, never by colour alone.
pub const CSS: &str = r#"
:root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--soft:#f3f5f7;--track:#e4e8ec;--accent:#0b5cad;--ok:#1a7f37;--near:#8a5a00;--over:#c4162a;--pto:#6e7781;color-scheme:light dark}
@media screen and (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#3d444d;--soft:#161b22;--track:#262c36;--accent:#6cb6ff;--ok:#4ac26b;--near:#d9a520;--over:#ff7b72;--pto:#9da7b3}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:1100px;padding:1rem}
h1{font-size:1.6rem;margin:.1rem 0 .5rem;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.6rem 0 .5rem;padding-bottom:.2rem;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:1rem 0 .4rem}
p,li,dd{overflow-wrap:anywhere}
td,th{overflow-wrap:break-word}
.status{white-space:nowrap}
.kind{margin:0;color:var(--muted);font-size:.85rem;text-transform:uppercase;letter-spacing:.06em}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0;min-width:0}
.banner{border:1px solid var(--line);border-left:.45rem solid var(--accent);border-radius:.3rem;padding:.6rem .9rem;margin:1rem 0;background:var(--soft)}
.banner.s-ok{border-left-color:var(--ok)}.banner.s-near{border-left-color:var(--near)}.banner.s-over{border-left-color:var(--over)}
.headline{margin:0;font-size:1.05rem}
.big{font-size:1.7rem;font-weight:700;margin-right:.4rem}
.status{font-weight:700;letter-spacing:.03em}
.s-ok .status,.status.s-ok{color:var(--ok)}.s-near .status,.status.s-near{color:var(--near)}.s-over .status,.status.s-over{color:var(--over)}
.muted,.note-line{color:var(--muted)}
.small{font-size:.85rem}
figure{margin:.5rem 0}
figcaption{font-size:.85rem;color:var(--muted)}
svg{display:block;max-width:100%;height:auto}
svg text{fill:var(--fg);font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg .lbl{fill:var(--muted)}
svg.defs{position:absolute;width:0;height:0;overflow:hidden}
svg.gauge,svg.columns{max-width:760px}
.track{fill:var(--track)}
.f-ok{fill:var(--ok)}.f-near{fill:var(--near)}.f-over{fill:var(--over)}.f-accent{fill:var(--accent)}.f-bg{fill:var(--bg)}.f-pto{fill:var(--pto)}
.st-bg{stroke:var(--bg);stroke-width:1.5}
.tick{stroke:var(--fg);stroke-width:2}
.target{stroke:var(--fg);stroke-width:2;stroke-dasharray:5 3}
.outline{fill:none;stroke:var(--fg);stroke-width:1.2}
.trend{fill:none;stroke:var(--accent);stroke-width:2}
.scroll{overflow-x:auto;max-width:100%;margin:.4rem 0}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;min-width:100%}
th,td{padding:.25rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;text-align:left}
thead th{border-bottom:2px solid var(--line);font-size:.85rem;color:var(--muted);font-weight:600}
tfoot td,tfoot th{border-top:2px solid var(--line);font-weight:700}
td.n,th.n{text-align:right;white-space:nowrap}
td.nw{white-space:nowrap}
td.chart{width:24%;min-width:5rem;padding-top:.5rem}
#team-table td.chart{width:12%}
td.chart svg{width:100%;height:.9rem}
.sub{padding-left:1.4rem}
.task-note{display:block;font-size:.8rem;color:var(--muted)}
.heat td.n{min-width:3.2rem}
.heat .h-none{color:var(--muted)}.heat .h-lo{background:var(--soft)}.heat .h-hi{background:var(--track);font-weight:700}
.up::before{content:"▲ "}.down::before{content:"▼ "}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem;color:var(--muted);margin:.2rem 0 .4rem;padding:0;list-style:none}
.legend svg{display:inline-block;width:1.6rem;height:.8rem;vertical-align:middle;margin-right:.3rem}
ul.warnings li{margin:.2rem 0}
blockquote{margin:.5rem 0;padding:.3rem .9rem;border-left:.25rem solid var(--line)}
blockquote p{margin:.2rem 0}
footer{margin-top:2rem;font-size:.8rem;color:var(--muted)}
@media (max-width:600px){html{font-size:14px}body{padding:.6rem}h1{font-size:1.3rem}.big{font-size:1.35rem}tbody th[scope=row]{min-width:9rem}caption{text-align:left}}
@media print{
 html{font-size:9pt;line-height:1.3;background:#fff;color:#000;-webkit-print-color-adjust:exact;print-color-adjust:exact}
 body{max-width:none;padding:0}
 h1{font-size:1.5rem}
 th,td{padding:.12rem .35rem}
 td.chart{width:16%}
 tbody th[scope=row]{width:36%}
 .task-note{font-size:.75rem}
 tfoot{display:table-row-group}
 svg.gauge{max-width:125mm}
 svg.columns{max-width:150mm}
 .banner{padding:.3rem .6rem;margin:.5rem 0}
 .scroll{overflow:visible}
 h2{margin-top:1rem}
 h2,h3{break-after:avoid;page-break-after:avoid}
 figure,svg,.banner,.keep,tr,blockquote{break-inside:avoid;page-break-inside:avoid}
 thead{display:table-header-group}
 footer{margin-top:1rem}
}
"#;

/// `text` as a CSS string (quotes included): every character but a
/// letter, a digit or a space written as a hex escape, so nothing in it
/// can end the string or the `<style>` element.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:x} ", u32::from(c));
        }
    }
    out.push('"');
    out
}

/// The page box: margins, and the plan and date in the running header of
/// every printed page (the paper's size is the printer's).
pub fn page_rules(name: &str, date: &str) -> String {
    format!(
        "@page{{margin:16mm 14mm 14mm;@top-left{{content:{};font:8pt system-ui,sans-serif;color:#444}}@top-right{{content:{};font:8pt system-ui,sans-serif;color:#444}}@bottom-right{{content:counter(page) \" / \" counter(pages);font:8pt system-ui,sans-serif;color:#444}}}}",
        css_string(name),
        css_string(date)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_css_string_cannot_end_itself_or_the_style_element() {
        let s = super::css_string("a\"b</style><script>\\ é");
        assert_eq!(
            s,
            "\"a\\22 b\\3c \\2f style\\3e \\3c script\\3e \\5c  \\e9 \""
        );
        assert!(!s[1..s.len() - 1].contains(['"', '<', '>']));
    }
}
