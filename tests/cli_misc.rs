//! The smaller commands, the real binary run: `init`, `import`,
//! `completions`, `man`, `--version` and `--help`, the planner without a
//! terminal, and how every message starts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::path::Path;

use tempfile::TempDir;

mod support;
use support::{DEFAULT_MODEL, output_of, tamplan};

#[test]
fn the_planner_without_a_terminal_says_what_to_use_instead() {
    let output = tamplan().output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("expected an interactive terminal (use `tamplan report` for text output)"),
        "{stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "no escape sequences written to a pipe"
    );
}

#[test]
fn init_writes_the_model_once_and_then_it_is_used() {
    let dir = TempDir::new().expect("temp dir");
    let config = dir.path().join("config");
    let run = |args: &[&str]| {
        tamplan()
            .env("TAMPLAN_CONFIG_DIR", &config)
            .args(args)
            .output()
            .expect("runs")
    };
    let output = run(&["init"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let model = config.join("model.toml");
    let written = std::fs::read_to_string(&model).expect("written");
    // The built-in model behind a `#:schema` line naming the schema copy.
    let schema = config.join("schemas").join("model.schema.json");
    let (first, rest) = written.split_once('\n').expect("lines");
    assert_eq!(first, format!("#:schema file://{}", schema.display()));
    assert_eq!(rest, DEFAULT_MODEL);
    assert_eq!(
        std::fs::read_to_string(&schema).expect("the schema copy"),
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/model.schema.json")
        )
        .expect("the asset")
    );
    let output = run(&["init"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("already exists; pass --force to overwrite it")
    );
    std::fs::write(
        &model,
        DEFAULT_MODEL.replacen("name = \"TAM Segment: Named\"", "name = \"My team\"", 1),
    )
    .expect("edit");
    let output = run(&["report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["model"], "My team", "the user's model is used");
    assert!(run(&["init", "--force"]).status.success());
    assert_eq!(std::fs::read_to_string(&model).expect("written"), written);
    let output = tamplan()
        .args(["--config-dir"])
        .arg(dir.path().join("elsewhere"))
        .args(["init"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert!(
        dir.path().join("elsewhere/model.toml").exists(),
        "the flag wins over the environment"
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains(&format!(
            "when given `--config-dir {}` again",
            dir.path().join("elsewhere").display()
        )),
        "a folder given by flag must be given again: {said}"
    );
}

#[test]
fn init_force_keeps_a_copy_of_each_file_it_replaces() {
    let dir = TempDir::new().expect("temp dir");
    let config = dir.path().join("config");
    let run = |args: &[&str]| {
        tamplan()
            .env("TAMPLAN_CONFIG_DIR", &config)
            .env("TAMPLAN_NOW", "2026-12-07T09:30:00+01:00")
            .args(args)
            .output()
            .expect("runs")
    };
    assert!(run(&["init"]).status.success());
    let (model, rules) = (config.join("model.toml"), config.join("rules.toml"));
    let written = std::fs::read_to_string(&rules).expect("the starter rules");
    std::fs::write(&model, "# my model\n").expect("edit");
    std::fs::write(&rules, "# my rules\n").expect("edit");
    // An earlier copy of the same second is never written over.
    let earlier = config.join("rules.toml.bak-20261207T093000");
    std::fs::write(&earlier, "# an earlier copy\n").expect("write");
    let output = run(&["init", "--force"]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}");
    let model_copy = config.join("model.toml.bak-20261207T093000");
    let rules_copy = config.join("rules.toml.bak-20261207T093000-2");
    assert_eq!(
        std::fs::read_to_string(&model_copy).expect("the model's copy"),
        "# my model\n"
    );
    assert_eq!(
        std::fs::read_to_string(&rules_copy).expect("the rules' copy"),
        "# my rules\n"
    );
    assert_eq!(
        std::fs::read_to_string(&earlier).expect("kept"),
        "# an earlier copy\n"
    );
    assert_eq!(std::fs::read_to_string(&rules).expect("replaced"), written);
    for (file, copy) in [(&model, &model_copy), (&rules, &rules_copy)] {
        let line = format!("kept the replaced {} as {}", file.display(), copy.display());
        assert!(said.contains(&line), "{line:?} in {said}");
    }
    // Unchanged files need no copy.
    let output = run(&["init", "--force"]);
    assert!(!String::from_utf8_lossy(&output.stdout).contains("kept"));
    let copies = std::fs::read_dir(&config)
        .expect("the folder")
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().contains(".bak-"))
        })
        .count();
    assert_eq!(copies, 3);
    let (_, help, _) = output_of(tamplan().args(["init", "--help"]));
    assert!(
        help.contains("rules.toml") && help.contains("model.toml") && help.contains(".bak-"),
        "{help}"
    );
}

#[test]
fn top_level_help_says_no_command_opens_the_planner() {
    let (code, stdout, _) = output_of(tamplan().arg("--help"));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Run `tamplan` with no command to open the interactive planner"),
        "{stdout}"
    );
}

#[test]
fn every_message_starts_the_same_way() {
    let dir = TempDir::new().expect("temp dir");
    let scenario = dir.path().join("s.toml");
    std::fs::write(&scenario, "name = \"x\"\n[counts]\ncustomers = -1\n").expect("write");
    let cases: [(Vec<&str>, i32); 4] = [
        (vec!["report", "--bogus"], 2),
        (vec!["report", "--set", "nope=1"], 2),
        (vec!["report", "--model", "/no/such/model.toml"], 1),
        (vec!["nosuchcommand"], 2),
    ];
    for (args, expected) in cases {
        let (code, _, stderr) = output_of(tamplan().args(&args));
        assert_eq!(code, expected, "{args:?}: {stderr}");
        assert!(stderr.starts_with("tamplan: error: "), "{args:?}: {stderr}");
    }
    let (code, _, stderr) = output_of(tamplan().arg("check").arg(&scenario));
    assert_eq!(code, 1);
    for line in stderr.lines() {
        assert!(line.starts_with("tamplan: error: "), "{line}");
    }
    assert!(
        stderr.ends_with("tamplan: error: 1 of 1 file has problems\n"),
        "one file has, not have: {stderr}"
    );
}

#[test]
fn import_never_replaces_a_device() {
    let (code, _, stderr) = output_of(
        tamplan()
            .args([
                "import",
                "tests/fixtures/000_176c7d470173e359.txt",
                "-o",
                "/dev/null",
                "--force",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("/dev/null is a character device; expected a regular file"),
        "{stderr}"
    );
    let meta = std::fs::metadata("/dev/null").expect("still there");
    assert!(!meta.is_file(), "/dev/null is still a device");
}

#[test]
fn the_version_names_the_built_in_models_handbook_revision() {
    let model =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml"))
            .expect("read");
    let revision = model
        .lines()
        .find_map(|line| line.strip_prefix("# Handbook revision: "))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the model file names its revision");
    let name = model
        .lines()
        .find_map(|line| line.strip_prefix("name = "))
        .expect("the model's name");
    let (code, stdout, _) = output_of(tamplan().arg("--version"));
    assert_eq!(code, 0);
    assert_eq!(
        stdout.trim(),
        format!(
            "tamplan {} (built-in model {name}, handbook revision {revision})",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn completions_for_every_shell_and_bash_parses_its_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, stdout, stderr) = output_of(tamplan().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}: {stderr}");
        for command in ["report", "calibrate", "team", "completions"] {
            assert!(stdout.contains(command), "{shell} lacks {command}");
        }
    }
    let dir = TempDir::new().expect("temp dir");
    let script = dir.path().join("tamplan.bash");
    let (_, stdout, _) = output_of(tamplan().args(["completions", "bash"]));
    std::fs::write(&script, &stdout).expect("write");
    // bash parses it, and completing `tamplan re` offers `report`.
    let probe = format!(
        "source {} && COMP_WORDS=(tamplan re) COMP_CWORD=1 && _tamplan tamplan re tamplan && printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &probe])
        .output()
        .expect("bash runs");
    let offered = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(offered.trim(), "report", "{offered}");
    let (code, _, stderr) = output_of(tamplan().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
    assert!(stderr.starts_with("tamplan: error:"), "{stderr}");
}

#[test]
fn the_man_pages_render_with_man() {
    let dir = TempDir::new().expect("temp dir");
    for (args, expect) in [
        (vec!["man"], "tamplan-team"),
        (vec!["man", "report"], "--format"),
        (vec!["man", "calibrate"], "--write-scenario"),
    ] {
        let (code, page, stderr) = output_of(tamplan().args(&args));
        assert_eq!(code, 0, "{stderr}");
        let file = dir.path().join("page.1");
        std::fs::write(&file, &page).expect("write");
        let out = std::process::Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .env("LC_ALL", "C.UTF-8")
            .output()
            .expect("man runs (the CI installs man-db)");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains(expect), "{args:?} lacks {expect}: {text}");
    }
    let (code, _, stderr) = output_of(tamplan().args(["man", "golf"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`golf` is not a tamplan command; expected one of report, init, check"),
        "{stderr}"
    );
}

/// The arguments of a roff request line as roff splits them: blanks
/// separate, double quotes group, `""` inside quotes is one quote.
fn roff_arguments(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ').is_some() {}
        let Some(first) = chars.next() else {
            return args;
        };
        let mut arg = String::new();
        if first == '"' {
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.next_if(|c| *c == '"').is_some() {
                        arg.push('"');
                    } else {
                        break;
                    }
                } else {
                    arg.push(c);
                }
            }
        } else {
            arg.push(first);
            while let Some(c) = chars.next_if(|c| *c != ' ') {
                arg.push(c);
            }
        }
        args.push(arg);
    }
}

#[test]
fn the_man_page_title_keeps_the_version_whole() {
    for page in [vec!["man"], vec!["man", "report"]] {
        let (code, stdout, _) = output_of(tamplan().args(&page));
        assert_eq!(code, 0);
        let title = stdout
            .lines()
            .find_map(|line| line.strip_prefix(".TH "))
            .expect("a .TH line");
        let args = roff_arguments(title);
        assert!(args.len() <= 5, "{page:?}: {title}");
        let footer = args.get(2).expect("the version");
        assert!(
            footer.contains(r"built-in model \(dqTAM Segment: Named\(dq, handbook revision"),
            "{page:?}: {args:?}"
        );
        assert!(
            !args.iter().any(|arg| arg.starts_with("Segment")),
            "{args:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_gigabyte_schema_copy_is_replaced_without_being_read() {
    let dir = TempDir::new().expect("temp dir");
    let config = dir.path().join("config");
    let schemas = config.join("schemas");
    std::fs::create_dir_all(&schemas).expect("mkdir");
    let copy = schemas.join("model.schema.json");
    // Sparse: no disk space, but reading it whole takes a gigabyte.
    std::fs::File::create(&copy)
        .and_then(|file| file.set_len(1 << 30))
        .expect("a 1 GB file");
    // The peak memory of the run, from `/usr/bin/time` (GNU time).
    if !Path::new("/usr/bin/time").exists() {
        eprintln!("skipped: no /usr/bin/time to measure the peak memory");
        return;
    }
    let output = std::process::Command::new("/usr/bin/time")
        .args(["-f", "peak-kb=%M"])
        .arg(env!("CARGO_BIN_EXE_tamplan"))
        .arg("init")
        .env("TAMPLAN_CONFIG_DIR", &config)
        .env("TAMPLAN_DATA_DIR", dir.path().join("data"))
        .output()
        .expect("time runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let peak_kb: u64 = stderr
        .lines()
        .find_map(|line| line.strip_prefix("peak-kb="))
        .and_then(|kb| kb.trim().parse().ok())
        .expect("the peak memory");
    assert!(
        peak_kb < 128 * 1024,
        "{peak_kb} KB at the peak: the copy was read whole"
    );
    assert_eq!(
        std::fs::read_to_string(&copy).expect("the copy"),
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/model.schema.json")
        )
        .expect("the asset")
    );
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_linked_schema_copy_or_folder() {
    let dir = TempDir::new().expect("temp dir");
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("schemas")).expect("mkdir");
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, "keep me").expect("write");
    std::os::unix::fs::symlink(&precious, config.join("schemas/model.schema.json"))
        .expect("symlink");
    let output = tamplan()
        .env("TAMPLAN_CONFIG_DIR", &config)
        .arg("init")
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert_eq!(std::fs::read_to_string(&precious).expect("read"), "keep me");
    assert!(
        std::fs::symlink_metadata(config.join("schemas/model.schema.json"))
            .expect("meta")
            .is_file()
    );

    // A `schemas` folder that is a link: refused, said why, nothing there.
    let other = dir.path().join("other");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&other).expect("mkdir");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    std::os::unix::fs::symlink(&elsewhere, other.join("schemas")).expect("symlink");
    let output = tamplan()
        .env("TAMPLAN_CONFIG_DIR", &other)
        .arg("init")
        .output()
        .expect("runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: no schema line:") && stderr.contains("schemas is a link"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&elsewhere).expect("list").count(), 0);
    let model = std::fs::read_to_string(other.join("model.toml")).expect("written");
    assert!(!model.starts_with("#:schema"), "{model}");
}
