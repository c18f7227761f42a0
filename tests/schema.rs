//! The JSON Schemas in `assets/` are the ones the loaders' types give, they
//! accept every file tamplan ships and writes, and reject the bad inputs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use tamplan::io::schema::Kind;

fn asset(kind: Kind) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(kind.file_name())
}

/// `TAMPLAN_BLESS=1 cargo test --test schema` rewrites the assets.
#[test]
fn the_assets_are_the_schemas_of_the_loaders_types() {
    for kind in Kind::ALL {
        let path = asset(kind);
        let generated = kind.text();
        if std::env::var_os("TAMPLAN_BLESS").is_some() {
            std::fs::write(&path, &generated).expect("write the asset");
        }
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            shipped == generated,
            "{} is not the schema the loader's types give; run `TAMPLAN_BLESS=1 cargo test --test schema` and commit it",
            path.display()
        );
    }
}

/// TOML as the JSON a language server validates: datetimes become their
/// RFC 3339 text.
fn json_of(toml_text: &str) -> serde_json::Value {
    fn convert(value: toml::Value) -> serde_json::Value {
        match value {
            toml::Value::String(text) => serde_json::Value::String(text),
            toml::Value::Integer(number) => serde_json::Value::from(number),
            toml::Value::Float(number) => serde_json::Value::from(number),
            toml::Value::Boolean(flag) => serde_json::Value::Bool(flag),
            toml::Value::Datetime(datetime) => serde_json::Value::String(datetime.to_string()),
            toml::Value::Array(items) => items.into_iter().map(convert).collect(),
            toml::Value::Table(table) => table
                .into_iter()
                .map(|(key, value)| (key, convert(value)))
                .collect(),
        }
    }
    let table: toml::Table = toml::from_str(toml_text).expect("TOML");
    convert(toml::Value::Table(table))
}

fn validator(kind: Kind) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(asset(kind)).expect("the asset"))
            .expect("JSON");
    jsonschema::draft7::new(&schema).expect("a valid draft 7 schema")
}

/// The schema's complaints about `text`, one line each.
fn complaints(kind: Kind, text: &str) -> Vec<String> {
    validator(kind)
        .iter_errors(&json_of(text))
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

fn assert_accepted(kind: Kind, what: &str, text: &str) {
    let complaints = complaints(kind, text);
    assert!(complaints.is_empty(), "{what}: {complaints:#?}");
}

fn tamplan(dir: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tamplan"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TAMPLAN_CONFIG_DIR", dir.join("config"))
        .env("TAMPLAN_DATA_DIR", dir.join("data"));
    command
}

fn run(command: &mut std::process::Command) {
    let output = command.output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_schemas_accept_every_shipped_file() {
    assert_accepted(
        Kind::Model,
        "config/default.toml",
        tamplan::domain::model::DEFAULT_MODEL_TOML,
    );
    assert_accepted(
        Kind::Scenario,
        "assets/example-scenario.toml",
        include_str!("../assets/example-scenario.toml"),
    );
    assert_accepted(
        Kind::Rules,
        "the starter rules",
        tamplan::io::rules::STARTER,
    );
    assert_accepted(
        Kind::Map,
        "the starter book map",
        tamplan::io::book::STARTER_MAP,
    );
    assert_accepted(
        Kind::Map,
        "tests/fixtures/book/map.toml",
        include_str!("fixtures/book/map.toml"),
    );
}

#[test]
fn the_schemas_accept_every_file_tamplan_writes_and_each_names_its_schema() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let config = dir.path().join("config");
    run(tamplan(dir.path()).arg("init"));
    let mut written = vec![
        (Kind::Model, config.join("model.toml")),
        (Kind::Rules, config.join("rules.toml")),
    ];
    for page in std::fs::read_dir("tests/fixtures/pages").expect("pages") {
        let page = page.expect("entry").path();
        // In the config folder, where the line belongs.
        let out = config
            .join(page.file_name().expect("name"))
            .with_extension("toml");
        run(tamplan(dir.path())
            .arg("import")
            .arg(&page)
            .arg("-o")
            .arg(&out));
        written.push((Kind::Model, out));
    }
    let calibrated = config.join("calibrated.toml");
    run(tamplan(dir.path())
        .args([
            "calibrate",
            "tests/fixtures/timesheets/plain.csv",
            "--write-scenario",
        ])
        .arg(&calibrated));
    written.push((Kind::Scenario, calibrated));
    // A scenario with a [book] table, and a book map.
    let team = config.join("team");
    run(tamplan(dir.path())
        .args(["book", "tests/fixtures/book/plain.csv", "--all-owners"])
        .args(["--map", "tests/fixtures/book/map.toml", "--write-scenarios"])
        .arg(&team));
    written.push((Kind::Scenario, team.join("ana-lima.toml")));
    let map = config.join("book.toml");
    run(tamplan(dir.path()).args(["book", "--write-map"]).arg(&map));
    written.push((Kind::Map, map));
    for (kind, path) in written {
        let text = std::fs::read_to_string(&path).expect("written");
        let first = text.lines().next().unwrap_or_default();
        let copy = config.join("schemas").join(kind.file_name());
        assert_eq!(
            first,
            format!("#:schema file://{}", copy.display()),
            "{}",
            path.display()
        );
        assert_eq!(
            std::fs::read_to_string(&copy).expect("the copy"),
            kind.text()
        );
        assert_accepted(kind, &path.display().to_string(), &text);
    }
}

fn assert_refused_by_both(kind: Kind, what: &str, text: &str, loaded: bool) {
    assert!(!loaded, "{what}: the loader accepts it");
    assert!(
        !complaints(kind, text).is_empty(),
        "{what}: the schema accepts it"
    );
}

/// Bad inputs: each is refused by the loader and by the schema, so an
/// editor shows the mistake before tamplan does.
#[test]
fn the_schemas_reject_the_bad_inputs_the_loaders_reject() {
    let model = tamplan::domain::model::DEFAULT_MODEL_TOML;
    let bad_models = [
        ("an unknown key", format!("colour = \"red\"\n{model}")),
        ("a row in fortnights", model.replacen("per = \"month\"", "per = \"fortnight\"", 1)),
        ("hours as text", model.replacen("hours = 35", "hours = \"35\"", 1)),
        ("negative hours", model.replacen("hours = 35", "hours = -35", 1)),
        ("a count name in capitals", model.replacen("name = \"customers\"", "name = \"Customers\"", 1)),
        ("warn_at over 1",
            model.replacen("warn_at = 0.9", "warn_at = 1.5", 1),
        ),
        ("an unknown row field", model.replacen("per = \"month\"", "per = \"month\"\nowner = \"me\"", 1)),
        ("a blank task", model.replacen("task = \"Cadence calls\"", "task = \"  \"", 1)),
        ("a judge from nowhere", model.replacen("judge = { from = \"actual\"", "judge = { from = \"guess\"", 1)),
        ("no rows", "name = \"x\"\n[capacity]\nhours_per_week = 40\nweeks_per_year = 52\nhours_per_day = 8\n".to_owned()),
        ("three quarters of PTO", model.replacen("[capacity]", "[capacity]\npto_by_quarter = [1, 2, 3]", 1)),
        ("follows_week as text", model.replacen("task = \"Internal meetings\"", "task = \"Internal meetings\"\nfollows_week = \"no\"", 1)),
        ("a negative full week", model.replacen("[capacity]", "[capacity]\nfull_week = -40", 1)),
    ];
    for (what, text) in &bad_models {
        assert_ne!(text, model, "{what}: the case changes the model");
        let loaded = tamplan::domain::model::Model::parse(text, "model.toml");
        assert_refused_by_both(Kind::Model, what, text, loaded.is_ok());
    }
    let bad_scenarios = [
        ("no name", "owner = \"Ana\"\n"),
        ("an unknown key", "name = \"x\"\ncolour = \"red\"\n"),
        (
            "a fifth quarter",
            "name = \"x\"\nyear = 2027\nquarter = 5\n",
        ),
        ("year 0", "name = \"x\"\nyear = 0\n"),
        (
            "a count as text",
            "name = \"x\"\n[counts]\ncustomers = \"many\"\n",
        ),
        (
            "three quarters",
            "name = \"x\"\n[counts_by_quarter]\ncustomers = [1, 2, 3]\n",
        ),
        (
            "a capacity as text",
            "name = \"x\"\n[capacity]\npto_days = \"x\"\n",
        ),
    ];
    for (what, text) in bad_scenarios {
        let loaded = tamplan::domain::scenario::Scenario::parse(text, "plan.toml");
        assert_refused_by_both(Kind::Scenario, what, text, loaded.is_ok());
    }
    let builtin = tamplan::domain::model::Model::builtin().expect("the built-in model");
    let bad_rules = [
        ("a rule without match", "[[rule]]\ntask = \"Renewals\"\n"),
        (
            "an unknown key",
            "[[rule]]\nmatch = \"x\"\ntask = \"Renewals\"\ncolour = \"red\"\n",
        ),
        ("pto as text", "[[rule]]\nmatch = \"x\"\npto = \"yes\"\n"),
        (
            "rules not in [[rule]]",
            "[[rules]]\nmatch = \"x\"\ntask = \"Renewals\"\n",
        ),
    ];
    for (what, text) in bad_rules {
        let loaded = tamplan::io::rules::parse(text, "rules.toml", &builtin);
        assert_refused_by_both(Kind::Rules, what, text, loaded.is_ok());
    }
    let bad_maps = [
        ("an unknown key", "colums = 1\n"),
        ("a weight as text", "[tiers]\nbig = \"x\"\n"),
        ("a date order not known", "date_order = \"sideways\"\n"),
        ("a column as a number", "[columns]\nowner = 3\n"),
    ];
    for (what, text) in bad_maps {
        let loaded = tamplan::domain::book::Map::parse(text, "book.toml");
        assert_refused_by_both(Kind::Map, what, text, loaded.is_ok());
    }
    let bad_books = [
        (
            "a [book] without as_of",
            "name = \"x\"\n[book]\ncustomers = 1\nweighted_customers = 1.0\n",
        ),
        (
            "negative customers",
            "name = \"x\"\n[book]\nas_of = 2026-01-01\ncustomers = -1\nweighted_customers = 1.0\n",
        ),
        ("a format from the future", "format = 3\nname = \"x\"\n"),
    ];
    for (what, text) in bad_books {
        let loaded = tamplan::domain::scenario::Scenario::parse(text, "plan.toml");
        assert_refused_by_both(Kind::Scenario, what, text, loaded.is_ok());
    }
}
