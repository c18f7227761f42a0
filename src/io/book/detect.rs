//! Which export a file is, from its header: each kind's columns found by
//! name (any order and case, a BOM and blanks around names ignored), the
//! map's columns over them, and the rule that says which rows are
//! customers.

use crate::domain::book::Map;
use crate::domain::text;

/// How an export says an account is a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Rule {
    /// The active column's value starts with this (lower case).
    Prefix(&'static str),
    /// The active column's value is this (lower case).
    Equals(&'static str),
    /// No such column: a customer once started.
    Started,
    /// The map's `active` values.
    Map,
}

/// A kind of export: its name and the header names of its columns, in
/// lower case, the first found winning.
#[derive(Debug)]
pub(super) struct Spec {
    pub(super) kind: &'static str,
    pub(super) id: &'static [&'static str],
    pub(super) account: &'static [&'static str],
    pub(super) owner: &'static [&'static str],
    pub(super) tier: &'static [&'static str],
    pub(super) start: &'static [&'static str],
    pub(super) start_fallback: &'static [&'static str],
    pub(super) renewal: &'static [&'static str],
    pub(super) arr: &'static [&'static str],
    pub(super) active: &'static [&'static str],
    pub(super) rule: Rule,
    /// Whether lines of one field after the rows are the program's footer.
    pub(super) footer: bool,
}

/// The kinds known, in the order they are tried.
const KINDS: [&Spec; 4] = [
    &super::salesforce::SPEC,
    &super::hubspot::SPEC,
    &super::gainsight::SPEC,
    &super::plain::SPEC,
];

/// The kinds read, for messages.
pub const KNOWN: &str = "a Salesforce report export (Account Name, Account Owner, Type, …), a HubSpot companies export (Record ID, Company name, Company owner, Lifecycle Stage, …), a Gainsight company export (Name, CSM, Status, …) or a plain CSV with the columns account, owner, tier, start, renewal, arr";

/// Where each column is in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    pub(super) kind: String,
    pub(super) id: Option<usize>,
    pub(super) account: usize,
    pub(super) owner: usize,
    pub(super) tier: Option<usize>,
    pub(super) start: Option<usize>,
    pub(super) start_fallback: Option<usize>,
    pub(super) renewal: Option<usize>,
    pub(super) arr: Option<usize>,
    pub(super) active: Option<usize>,
    pub(super) rule: Rule,
    pub(super) footer: bool,
    /// How many columns the header has.
    pub(super) width: usize,
}

/// A header's names, trimmed, in lower case, the BOM gone.
pub(super) struct Header(Vec<String>);

impl Header {
    pub(super) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Header {
        Header(
            names
                .into_iter()
                .map(|name| name.trim_start_matches('\u{feff}').trim().to_lowercase())
                .collect(),
        )
    }

    fn find(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|wanted| self.0.iter().position(|name| name == wanted))
    }

    fn find_one(&self, name: &str) -> Option<usize> {
        let name = name.trim().to_lowercase();
        self.0.iter().position(|have| *have == name)
    }
}

impl Spec {
    fn layout(&self, header: &Header) -> Option<Layout> {
        let account = header.find(self.account)?;
        let owner = header.find(self.owner)?;
        let active = header.find(self.active);
        if active.is_none() && self.rule != Rule::Started {
            return None;
        }
        Some(Layout {
            kind: self.kind.to_owned(),
            id: header.find(self.id),
            account,
            owner,
            tier: header.find(self.tier),
            start: header.find(self.start),
            start_fallback: header.find(self.start_fallback),
            renewal: header.find(self.renewal),
            arr: header.find(self.arr),
            active,
            rule: self.rule.clone(),
            footer: self.footer,
            width: header.0.len(),
        })
    }
}

/// The layout of a file with `header`: a known kind's, with the map's
/// columns over it; with no kind known, the map's columns alone (they must
/// name at least the account and the owner).
///
/// # Errors
/// Why the file cannot be read: a column the map names that the header
/// lacks, or no kind known and no map naming the columns (the message
/// lists the kinds read and points to `--map`).
pub(super) fn layout(header: &Header, map: &Map, source: &str) -> Result<Layout, String> {
    let known = KINDS.iter().find_map(|spec| spec.layout(header));
    let columns = &map.columns;
    let named = |name: &Option<String>, what: &str| -> Result<Option<usize>, String> {
        match name {
            None => Ok(None),
            Some(name) => header.find_one(name).map(Some).ok_or_else(|| {
                format!(
                    "{source}:1: the map's {what} column {:?} is not in the header; expected one of: {}",
                    text::sanitize(name),
                    text::sanitize(&header.0.join(", "))
                )
            }),
        }
    };
    let id = named(&columns.id, "id")?;
    let account = named(&columns.account, "account")?;
    let owner = named(&columns.owner, "owner")?;
    let tier = named(&columns.tier, "tier")?;
    let start = named(&columns.start, "start")?;
    let renewal = named(&columns.renewal, "renewal")?;
    let arr = named(&columns.arr, "arr")?;
    let active = named(&columns.active, "active")?;
    let mut layout = match (known, account, owner) {
        (Some(layout), _, _) => layout,
        (None, Some(account), Some(owner)) => Layout {
            kind: "mapped export".to_owned(),
            id: None,
            account,
            owner,
            tier: None,
            start: None,
            start_fallback: None,
            renewal: None,
            arr: None,
            active: None,
            rule: Rule::Started,
            footer: false,
            width: header.0.len(),
        },
        (None, _, _) => {
            return Err(format!(
                "{source}:1: not an account export tamplan knows (its header: {}); expected {KNOWN}. For another export, name its columns with --map (see docs/book.md)",
                text::sanitize(&header.0.join(", "))
            ));
        }
    };
    layout.id = id.or(layout.id);
    layout.account = account.unwrap_or(layout.account);
    layout.owner = owner.unwrap_or(layout.owner);
    layout.tier = tier.or(layout.tier);
    if start.is_some() {
        layout.start = start;
        layout.start_fallback = None;
    }
    layout.renewal = renewal.or(layout.renewal);
    layout.arr = arr.or(layout.arr);
    layout.active = active.or(layout.active);
    if !map.active.is_empty() {
        if layout.active.is_none() {
            return Err(format!(
                "{source}:1: the map gives `active` values but no column to find them in; expected `active = \"COLUMN\"` under [columns]"
            ));
        }
        layout.rule = Rule::Map;
    } else if active.is_some() && layout.rule == Rule::Started {
        return Err(format!(
            "{source}:1: the map names an active column but no values that count as active; expected e.g. `active = [\"Active\"]`"
        ));
    }
    Ok(layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &str) -> Header {
        Header::new(names.split(','))
    }

    #[test]
    fn kinds_are_told_apart_by_their_headers() {
        let map = Map::none();
        let salesforce =
            header("\u{feff}Account Name,ACCOUNT OWNER, Type ,Customer Since,Renewal Date,ARR");
        let found = layout(&salesforce, &map, "s.csv").expect("known");
        assert_eq!(found.kind, "Salesforce report export");
        assert_eq!((found.account, found.owner, found.active), (0, 1, Some(2)));
        let hubspot = header(
            "Record ID,Company name,Company owner,Lifecycle Stage,Create Date,Became a Customer Date",
        );
        let found = layout(&hubspot, &map, "h.csv").expect("known");
        assert_eq!(found.kind, "HubSpot companies export");
        assert_eq!((found.start, found.start_fallback), (Some(5), Some(4)));
        let gainsight = header("Name,CSM,Stage,Status,Original Contract Date,Renewal Date,ARR");
        assert_eq!(
            layout(&gainsight, &map, "g.csv").expect("known").kind,
            "Gainsight company export"
        );
        let plain = header("owner,account,start");
        assert_eq!(
            layout(&plain, &map, "p.csv").expect("known").rule,
            Rule::Started
        );
        let other = header("Client,Manager,Since");
        let error = layout(&other, &map, "o.csv").expect_err("unknown");
        assert!(
            error.starts_with("o.csv:1: not an account export"),
            "{error}"
        );
        assert!(error.contains("--map"), "{error}");
    }

    #[test]
    fn the_map_names_columns_of_other_exports() {
        let map = Map::parse(
            "active = [\"live\"]\n[columns]\naccount = \"Client\"\nowner = \"Manager\"\nactive = \"State\"\nstart = \"Since\"\n",
            "m.toml",
        )
        .expect("map");
        let found = layout(&header("Client,Manager,Since,State"), &map, "o.csv").expect("mapped");
        assert_eq!(found.kind, "mapped export");
        assert_eq!(
            (found.account, found.owner, found.start, found.active),
            (0, 1, Some(2), Some(3))
        );
        assert_eq!(found.rule, Rule::Map);
        let error = layout(&header("Client,Boss"), &map, "o.csv").expect_err("missing");
        assert!(
            error.contains("the map's owner column \"Manager\" is not in the header"),
            "{error}"
        );
    }
}
