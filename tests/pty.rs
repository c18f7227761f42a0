//! End-to-end: the real binary in a pseudo-terminal, its output parsed by a
//! terminal emulator (`vt100`), as a person would see it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

mod support;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const TIMEOUT: Duration = Duration::from_secs(15);

/// The planner running in a pty, with everything it wrote parsed.
struct Session {
    /// Folders to delete when the session ends.
    dirs: Option<tempfile::TempDir>,
    child: Box<dyn Child + Send + Sync>,
    /// `None` once the terminal is closed.
    writer: Option<Box<dyn Write + Send>>,
    parser: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<Mutex<usize>>,
    /// Everything written to the terminal, as written.
    raw: Arc<Mutex<Vec<u8>>>,
    /// `None` once the terminal is closed.
    master: Option<Box<dyn MasterPty + Send>>,
    /// Set to make the reader thread let go of its end of the pty.
    stop_reading: Arc<std::sync::atomic::AtomicBool>,
    /// Disconnected when the reader thread has ended.
    reader_ended: std::sync::mpsc::Receiver<()>,
}

impl Session {
    fn start(cols: u16, rows: u16, args: &[&str]) -> Session {
        let dirs = tempfile::TempDir::new().expect("temp dir");
        let mut session = Session::start_in(dirs.path(), cols, rows, args);
        session.dirs = Some(dirs);
        session
    }

    /// The planner with its data and config folders under `dir`.
    fn start_in(dir: &std::path::Path, cols: u16, rows: u16, args: &[&str]) -> Session {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_tamplan"));
        command.args(args);
        Session::spawn(command, dir, cols, rows)
    }

    fn spawn(command: CommandBuilder, dir: &std::path::Path, cols: u16, rows: u16) -> Session {
        Session::spawn_sized(command, dir, (cols, rows), (cols, rows))
    }

    /// A pty reporting `pty` (columns, rows) while the emulator reading it
    /// is `screen` large: a terminal that claims more than it shows.
    fn spawn_sized(
        mut command: CommandBuilder,
        dir: &std::path::Path,
        pty: (u16, u16),
        screen: (u16, u16),
    ) -> Session {
        let (cols, rows) = pty;
        command.env("TAMPLAN_DATA_DIR", dir.join("data"));
        command.env("TAMPLAN_CONFIG_DIR", dir.join("config"));
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(command).expect("spawns");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(screen.1).expect("rows"),
            std::num::NonZeroU16::new(screen.0).expect("cols"),
            0,
        )));
        let bytes = Arc::new(Mutex::new(0usize));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (parser_in, bytes_in, raw_in) =
            (Arc::clone(&parser), Arc::clone(&bytes), Arc::clone(&raw));
        let stop_reading = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopping = Arc::clone(&stop_reading);
        let (ended, reader_ended) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            let _ended = ended;
            let mut buffer = [0u8; 8192];
            while let Ok(read) = reader.read(&mut buffer) {
                if read == 0 || stopping.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                parser_in.lock().expect("parser").process(&buffer[..read]);
                *bytes_in.lock().expect("bytes") += read;
                raw_in
                    .lock()
                    .expect("raw")
                    .extend_from_slice(&buffer[..read]);
            }
        });
        Session {
            dirs: None,
            child,
            writer: Some(writer),
            parser,
            bytes,
            raw,
            master: Some(pty.master),
            stop_reading,
            reader_ended,
        }
    }

    /// Where `text` was first written, as a byte offset into everything
    /// written so far.
    fn first_written(&self, text: &str) -> Option<usize> {
        let raw = self.raw.lock().expect("raw");
        raw.windows(text.len())
            .position(|window| window == text.as_bytes())
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> Duration {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return start.elapsed();
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn press(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).expect("write");
        writer.flush().expect("flush");
    }

    /// Closes the terminal as a closed window or a dropped SSH session
    /// does: every descriptor of the pty's master end, the reader's too.
    fn close_terminal(&mut self) {
        self.stop_reading();
        self.master = None;
        self.writer = None;
    }

    /// Ends the reader thread, which holds a descriptor of the master end.
    /// What is shown stays as it was.
    fn stop_reading(&mut self) {
        self.stop_reading
            .store(true, std::sync::atomic::Ordering::SeqCst);
        // The reader is blocked in a read: something written wakes it. A
        // resize makes a running planner redraw; a space is echoed by a
        // shell at its prompt.
        let start = Instant::now();
        let mut size = 0;
        while matches!(
            self.reader_ended.recv_timeout(Duration::from_millis(200)),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout)
        ) {
            assert!(start.elapsed() < TIMEOUT, "the reader never woke");
            size = (size + 1) % 2;
            if let Some(master) = &self.master {
                let _ = master.resize(PtySize {
                    rows: 30 + size,
                    cols: 100,
                    pixel_width: 0,
                    pixel_height: 0,
                });
            }
            if let Some(writer) = self.writer.as_mut() {
                let _ = writer.write_all(b" ");
                let _ = writer.flush();
            }
        }
    }

    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader drain what was written before the exit.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "the planner did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The terminal is as it was: main screen, cursor shown, no mouse
    /// reporting, nothing hidden.
    fn assert_terminal_given_back(&self) {
        let parser = self.parser.lock().expect("parser");
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is still hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture still on"
        );
    }

    fn resize(&self, cols: u16, rows: u16) {
        self.parser.lock().expect("parser").screen_mut().set_size(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
        );
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }

    /// `q` on a plan with unsaved changes: the dialog, then `d` discards.
    fn quit_discarding(&mut self) {
        self.press("q");
        self.wait_for("the unsaved-changes dialog", |screen| {
            screen.contains("Unsaved changes")
        });
        self.press("d");
    }

    /// Waits for the save-conflict dialog.
    fn wait_for_conflict(&self) {
        self.wait_for("the conflict dialog", |screen| {
            screen.contains("The file changed on disk")
        });
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }
}

impl Drop for Session {
    /// A planner a failed test left running is not left behind.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
    }
}

fn kill(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .expect("kill runs");
    assert!(status.success());
}

fn table_drawn(screen: &str) -> bool {
    screen.contains("Total") && screen.contains("1,632.00") && screen.contains("NEAR CAPACITY")
}

#[test]
fn plus_overloads_the_plan_and_q_gives_the_terminal_back() {
    let mut session = Session::start(120, 40, &[]);
    session.wait_for("the task table", table_drawn);
    {
        let parser = session.parser.lock().expect("parser");
        assert!(
            parser.screen().alternate_screen(),
            "the planner uses the alternate screen"
        );
    }
    session.press("+");
    session.wait_for("36 customers, overloaded", |screen| {
        screen.contains("1,659.09") && screen.contains("OVERLOADED") && screen.contains("36 (35)")
    });
    session.quit_discarding();
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
}

#[test]
fn signals_from_outside_give_the_terminal_back() {
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let mut session = Session::start(100, 30, &[]);
        session.wait_for("the task table", table_drawn);
        kill(session.pid(), signal);
        assert_eq!(session.wait_exit(), code, "SIG{signal}");
        session.assert_terminal_given_back();
    }
}

#[test]
fn ctrl_c_quits_too_and_esc_never_does() {
    let mut session = Session::start(80, 24, &[]);
    session.wait_for("the task table", table_drawn);
    session.press("\u{3}");
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
    // Esc on the plan has nothing to close: the planner stays.
    let mut session = Session::start(80, 24, &[]);
    session.wait_for("the task table", table_drawn);
    session.press("\u{1b}");
    // Apart, so the two are never read as Alt+?.
    std::thread::sleep(Duration::from_millis(150));
    session.press("?");
    session.wait_for("the help after Esc", |screen| screen.contains("Keys"));
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
}

#[test]
fn typing_a_value_and_a_tiny_terminal() {
    let mut session = Session::start(80, 24, &[]);
    session.wait_for("the task table", table_drawn);
    session.press("\r40\r");
    session.wait_for("40 customers", |screen| {
        screen.contains("40 (35)") && screen.contains("1,767.43")
    });
    session.press("\rabc\r");
    session.wait_for("the refusal", |screen| {
        screen.contains("\"abc\" is not a number")
    });
    session.quit_discarding();
    assert_eq!(session.wait_exit(), 0);

    let mut session = Session::start(20, 5, &[]);
    session.wait_for("the too-small message", |screen| {
        screen.contains("too small")
    });
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
}

#[test]
fn resizing_redraws_at_once() {
    let mut session = Session::start(120, 40, &[]);
    session.wait_for("the wide layout", |screen| {
        table_drawn(screen) && screen.contains("Quarterly")
    });
    session.resize(80, 24);
    session.wait_for("the compact layout", |screen| {
        table_drawn(screen) && !screen.contains("Quarterly")
    });
    session.resize(50, 10);
    session.wait_for("the too-small message", |screen| {
        screen.contains("terminal too small")
    });
    session.resize(100, 30);
    session.wait_for("the layout again", table_drawn);
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
}

#[test]
fn ctrl_z_suspends_and_fg_resumes_with_a_full_redraw() {
    // Job control needs a shell: run the planner from an interactive bash.
    let mut shell = CommandBuilder::new("bash");
    shell.args(["--norc", "--noprofile", "-i"]);
    shell.env("PS1", "$ ");
    // A folder of its own: a recovery file left by another run would open
    // a dialog first.
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut session = Session::spawn(shell, dir.path(), 100, 30);
    session.wait_for("the prompt", |screen| screen.contains("$ "));
    session.press(&format!("{}\r", env!("CARGO_BIN_EXE_tamplan")));
    session.wait_for("the task table", table_drawn);
    session.press("+");
    session.wait_for("36 customers", |screen| screen.contains("36 (35)"));
    session.press("\u{1a}");
    session.wait_for("the job stopped", |screen| screen.contains("Stopped"));
    session.assert_terminal_given_back();
    session.press("fg\r");
    session.wait_for("a full redraw with the same plan", |screen| {
        table_drawn_overloaded(screen)
            && screen.contains("36 (35)")
            && screen.contains("Counts & capacity")
    });
    session.quit_discarding();
    session.wait_for("the prompt again", |screen| {
        !screen.contains("Counts & capacity")
    });
    session.assert_terminal_given_back();
    back_at_the_prompt(&session);
    session.press("exit\r");
    session.wait_exit();
}

fn table_drawn_overloaded(screen: &str) -> bool {
    screen.contains("Total") && screen.contains("1,659.09") && screen.contains("OVERLOADED")
}

/// Bytes written to the terminal while `keys` are handled, once `until`
/// shows on screen.
fn bytes_for(session: &mut Session, keys: &str, until: &str) -> usize {
    std::thread::sleep(Duration::from_millis(150));
    let before = *session.bytes.lock().expect("bytes");
    session.press(keys);
    session.wait_for(until, |screen| screen.contains(until));
    std::thread::sleep(Duration::from_millis(150));
    *session.bytes.lock().expect("bytes") - before
}

#[test]
fn one_keystroke_redraws_less_than_a_kilobyte() {
    let mut session = Session::start(120, 40, &[]);
    session.wait_for("the task table", table_drawn);
    let flip = bytes_for(&mut session, "+", "1,659.09");
    let next = bytes_for(&mut session, "+", "1,686.17");
    eprintln!(
        "bytes for `+` at 120x40: {flip} (near to overloaded), {next} (overloaded, one more)"
    );
    assert!(next > 100, "something was redrawn ({next} bytes)");
    assert!(next < 1024, "one `+` wrote {next} bytes");
    assert!(flip < 2048, "the status change wrote {flip} bytes");
    session.quit_discarding();
    session.wait_exit();
}

#[test]
fn a_bad_model_file_never_starts_the_screen() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "name = \n").expect("write");
    let mut session = Session::start(80, 24, &["--model", path.to_str().expect("utf-8 path")]);
    assert_eq!(session.wait_exit(), 1);
    let screen = session.screen();
    assert!(screen.contains("bad.toml:1:"), "{screen}");
    session.assert_terminal_given_back();
}

#[test]
fn save_quit_and_open_again_with_the_same_totals() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut session = Session::start_in(dir.path(), 120, 40, &[]);
    session.wait_for("the task table", table_drawn);
    session.press("+++++");
    session.wait_for("40 customers", |screen| {
        screen.contains("40 (35)") && screen.contains("1,767.43")
    });
    assert!(session.screen().contains("[unsaved]"));
    session.press("s");
    session.wait_for("the name prompt", |screen| {
        screen.contains("Scenario name:")
    });
    session.press("Five more\r");
    session.wait_for("the owner prompt", |screen| {
        screen.contains("Owner (the TAM):")
    });
    session.press(&format!("{}alex\r", "\u{7f}".repeat(40))); // replace the offered owner
    session.wait_for("the saved message", |screen| screen.contains("Saved to"));
    assert!(!session.screen().contains("[unsaved]"));
    session.press("q");
    assert_eq!(session.wait_exit(), 0, "nothing unsaved: no question");
    let file = dir.path().join("data/scenarios/five-more.toml");
    let text = std::fs::read_to_string(&file).expect("the scenario was saved");
    assert!(
        text.contains("customers = 40.0") && text.contains("owner = \"alex\""),
        "{text}"
    );

    let mut session = Session::start_in(
        dir.path(),
        120,
        40,
        &["--scenario", file.to_str().expect("path")],
    );
    session.wait_for("the same totals", |screen| {
        screen.contains("1,767.43") && screen.contains("40 (35)") && screen.contains("Five more")
    });
    assert!(!session.screen().contains("[unsaved]"));

    // Someone changes the file behind the planner's back.
    std::fs::write(&file, text.replace("customers = 40.0", "customers = 30.0")).expect("edit");
    session.press("+");
    session.wait_for("41 customers", |screen| screen.contains("41 (35)"));
    session.press("s");
    session.wait_for("the conflict dialog", |screen| {
        screen.contains("The file changed on disk")
    });
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .contains("customers = 30.0"),
        "theirs kept"
    );
    session.press("o");
    session.wait_for("the saved message", |screen| screen.contains("Saved to"));
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .contains("customers = 41.0")
    );
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
}

#[test]
fn sigterm_keeps_unsaved_work_and_the_next_start_offers_it() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut session = Session::start_in(dir.path(), 100, 30, &[]);
    session.wait_for("the task table", table_drawn);
    session.press("+++");
    session.wait_for("38 customers", |screen| screen.contains("38 (35)"));
    kill(session.pid(), "TERM");
    assert_eq!(session.wait_exit(), 143);
    session.assert_terminal_given_back();
    assert!(
        session.screen().contains("unsaved changes kept in"),
        "{}",
        session.screen()
    );
    assert_eq!(recoveries(dir.path()), 1, "one recovery file of its own");

    let mut session = Session::start_in(dir.path(), 100, 30, &[]);
    session.wait_for("the restore dialog", |screen| {
        screen.contains("Unsaved work from the last session")
    });
    session.press("y");
    session.wait_for("38 customers again", |screen| {
        screen.contains("38 (35)") && screen.contains("[unsaved]")
    });
    assert_eq!(recoveries(dir.path()), 0, "offered once");
    session.quit_discarding();
    assert_eq!(session.wait_exit(), 0);
}

/// How many recovery files the data folder under `dir` holds.
fn recoveries(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir.join("data")).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with("recovery-"))
            .count()
    })
}

#[test]
fn the_quarter_view_and_a_part_time_preset_in_the_real_binary() {
    let mut session = Session::start(120, 40, &[]);
    session.wait_for("the task table", table_drawn);
    session.press("4");
    session.wait_for("the quarter view", |screen| {
        screen.contains("Quarters · 52 weeks ÷ 4") && screen.contains("Planned against available")
    });
    // Q3: twelve more PTO days, so that quarter breaks and says so.
    session.press("jj");
    session.press("+++++++++++");
    session.press("+");
    session.wait_for("Q3 over capacity", |screen| {
        screen.contains("131 %") && screen.contains("Q3 ") && screen.contains("Warnings (4)")
    });
    session.press("\x1b");
    session.wait_for("the plan again", |screen| {
        screen.contains("Tasks · hours") && screen.contains("68 (56)")
    });
    session.press("p");
    session.wait_for("the presets", |screen| screen.contains("4-day week: 32 h"));
    session.press("2");
    session.wait_for("a 32 h week", |screen| {
        screen.contains("Working week: 4-day week")
    });
    session.quit_discarding();
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
}

#[test]
fn quit_usr1_and_alrm_keep_unsaved_work_like_term() {
    for (signal, code) in [("QUIT", 131), ("USR1", 138), ("ALRM", 142)] {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let mut session = Session::start_in(dir.path(), 100, 30, &[]);
        session.wait_for("the task table", table_drawn);
        session.press("+");
        session.wait_for("36 customers", |screen| screen.contains("36 (35)"));
        kill(session.pid(), signal);
        assert_eq!(session.wait_exit(), code, "SIG{signal}");
        session.assert_terminal_given_back();
        assert_eq!(recoveries(dir.path()), 1, "SIG{signal}: the work is kept");
    }
}

#[test]
fn a_bracketed_paste_with_newlines_is_text_not_keys() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut session = Session::start_in(dir.path(), 120, 40, &[]);
    session.wait_for("the task table", table_drawn);
    session.press("+");
    session.wait_for("36 customers", |screen| screen.contains("36 (35)"));
    session.press("n");
    session.wait_for("the note prompt", |screen| screen.contains("Note:"));
    // Without bracketed paste, the newline would commit and R, s, e run.
    session.press("\u{1b}[200~first line\nRse\nlast line\u{1b}[201~");
    session.wait_for("the pasted note in the prompt", |screen| {
        screen.contains("first line Rse last line")
    });
    session.press("\r");
    session.wait_for("the note in the header", |screen| {
        screen.contains("“first line Rse last line”") && screen.contains("36 (35)")
    });
    assert!(
        !dir.path().join("data/exports").exists(),
        "e exported nothing"
    );
    session.quit_discarding();
    assert_eq!(session.wait_exit(), 0);
}

#[test]
fn ten_thousand_keys_at_once_are_all_read_and_drawn() {
    let mut session = Session::start(120, 40, &[]);
    session.wait_for("the task table", table_drawn);
    let started = Instant::now();
    session.press(&"+".repeat(10_000));
    session.wait_for("10,035 customers", |screen| screen.contains("10,035 (35)"));
    let elapsed = started.elapsed();
    eprintln!("10,000 keys read and drawn in {elapsed:?}");
    session.quit_discarding();
    assert_eq!(session.wait_exit(), 0);
}

/// The pid of the first child of `shell`, if it has one.
fn first_child(shell: u32) -> Option<u32> {
    let output = std::process::Command::new("pgrep")
        .args(["-P", &shell.to_string()])
        .output()
        .expect("pgrep runs");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .next()
        .and_then(|pid| pid.parse().ok())
}

/// The planner's pid under an interactive bash (its only child).
fn child_of(shell: u32) -> u32 {
    let start = Instant::now();
    loop {
        if let Some(pid) = first_child(shell) {
            return pid;
        }
        assert!(start.elapsed() < TIMEOUT, "no child of the shell");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the shell of `session` has no child left and has printed
/// its prompt again: what is typed next is the shell's to read.
fn back_at_the_prompt(session: &Session) {
    let start = Instant::now();
    while first_child(session.pid()).is_some() {
        assert!(start.elapsed() < TIMEOUT, "the planner did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
    session.wait_for("a new prompt", |screen| {
        screen.lines().filter(|line| line.trim_end() == "$").count() > 0
    });
}

#[test]
fn stopped_from_outside_then_fg_takes_the_terminal_again() {
    for signal in ["TSTP", "STOP"] {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let mut shell = CommandBuilder::new("bash");
        shell.args(["--norc", "--noprofile", "-i"]);
        shell.env("PS1", "$ ");
        let mut session = Session::spawn(shell, dir.path(), 100, 30);
        session.wait_for("the prompt", |screen| screen.contains("$ "));
        session.press(&format!("{}\r", env!("CARGO_BIN_EXE_tamplan")));
        session.wait_for("the task table", table_drawn);
        let planner = child_of(session.pid());
        kill(planner, signal);
        session.wait_for("the job stopped", |screen| screen.contains("Stopped"));
        session.press("fg\r");
        session.wait_for("a full redraw", |screen| {
            table_drawn(screen) && screen.contains("Counts & capacity")
        });
        // Raw mode again: one `+` is a key at once, not a line to finish.
        session.press("+");
        session.wait_for("36 customers", |screen| screen.contains("36 (35)"));
        session.quit_discarding();
        session.wait_for("the prompt again", |screen| {
            !screen.contains("Counts & capacity")
        });
        session.assert_terminal_given_back();
        // The screen is given back a moment before the process ends; a
        // line typed in between would be the planner's to read.
        back_at_the_prompt(&session);
        session.press("exit\r");
        session.wait_exit();
    }
}

#[test]
fn a_terminal_claiming_20000_by_20000_is_drawn_clamped_not_aborted() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let command = CommandBuilder::new(env!("CARGO_BIN_EXE_tamplan"));
    // The screen is the size the planner clamps to: a smaller one would
    // wrap and scroll the frame's long lines, and the header would show
    // only for as long as the first frame is being written.
    let (cols, rows) = tamplan::tui::MAX_SIZE;
    let mut session = Session::spawn_sized(command, dir.path(), (20_000, 20_000), (cols, rows));
    session.wait_for("the header", |screen| screen.contains("tamplan · new plan"));
    session.press("+");
    session.wait_for("36 customers", |screen| screen.contains("OVERLOADED"));
    let last_row = session
        .parser
        .lock()
        .expect("parser")
        .screen()
        .rows(0, cols)
        .nth(usize::from(rows) - 1)
        .unwrap_or_default();
    assert!(
        last_row.contains("q quit"),
        "the keys on row {rows}: {last_row:?}"
    );
    session.quit_discarding();
    assert_eq!(session.wait_exit(), 0, "no abort");
}

/// A team folder of two plans: Ana (30 customers) and Ben (40).
fn team_dir() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).expect("folder");
    for (file, owner, customers) in [("ana.toml", "Ana", 30), ("ben.toml", "Ben", 40)] {
        std::fs::write(
            plans.join(file),
            format!(
                "name = \"{owner} FY27\"\nowner = \"{owner}\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = {customers}.0\n"
            ),
        )
        .expect("write");
    }
    dir
}

/// A team folder of `count` plans, each of 30 customers.
fn big_team_dir(count: usize) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).expect("folder");
    for n in 0..count {
        std::fs::write(
            plans.join(format!("tam-{n:05}.toml")),
            format!(
                "name = \"TAM {n} FY27\"\nowner = \"TAM {n:05}\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 30.0\n"
            ),
        )
        .expect("write");
    }
    dir
}

/// The team view is on screen, saying how far reading has got, before the
/// last of 5,000 plans is read; then it shows them all.
#[test]
fn the_team_view_is_drawn_before_five_thousand_plans_are_read() {
    let dir = big_team_dir(5_000);
    let plans = dir.path().join("plans").display().to_string();
    let mut session = Session::start_in(dir.path(), 120, 40, &["team", &plans]);
    session.wait_for("every plan read", |screen| {
        screen.contains("Team: 5,000 plans")
    });
    // The progress is drawn only while reading: written at all, it was
    // on screen before the reading ended.
    assert!(
        session.first_written("Looking for plans").is_some(),
        "the first frame came before the folder was searched"
    );
    assert!(
        session.first_written("of 5,000…").is_some(),
        "how many of how many were read"
    );
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
}

/// Keys are answered while the plans are read: `q` ends the view at once.
#[test]
fn the_team_view_quits_while_its_plans_are_still_read() {
    let dir = big_team_dir(5_000);
    let plans = dir.path().join("plans").display().to_string();
    let mut session = Session::start_in(dir.path(), 120, 40, &["team", &plans]);
    session.wait_for("the view, reading", |screen| {
        screen.contains("Looking for plans") || screen.contains("Reading plans:")
    });
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
}

/// A folder whose only plan cannot be used: the view reads it, gives the
/// terminal back, says why and exits 1.
#[test]
fn a_team_view_with_no_usable_plan_says_why_after_giving_the_terminal_back() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).expect("folder");
    std::fs::write(plans.join("broken.toml"), "customers = [").expect("write");
    let shown = plans.display().to_string();
    let mut session = Session::start_in(dir.path(), 120, 40, &["team", &shown]);
    assert_eq!(session.wait_exit(), 1);
    session.assert_terminal_given_back();
    let screen = session.screen();
    assert!(screen.contains("tamplan: error: no plan in"), "{screen}");
    assert!(screen.contains("broken.toml"), "{screen}");
}

#[test]
fn a_plan_opened_from_the_team_changes_and_the_team_sees_it() {
    let dir = team_dir();
    let plans = dir.path().join("plans");
    let plans_arg = plans.display().to_string();
    let mut session = Session::start_in(dir.path(), 120, 40, &["team", &plans_arg]);
    session.wait_for("the team view", |screen| {
        screen.contains("tamplan team") && screen.contains("Ana") && screen.contains("Ben")
    });
    session.press("\r"); // Ana, first by owner
    session.wait_for("Ana's plan in the planner", |screen| {
        screen.contains("Ana FY27") && screen.contains("30 (35)")
    });
    session.press("+");
    session.wait_for("31 customers", |screen| screen.contains("31 (35)"));
    session.press("s");
    session.wait_for("saved", |screen| screen.contains("Saved to"));
    session.press("q");
    session.wait_for("the team again, with Ana at 31", |screen| {
        screen.contains("tamplan team") && screen.contains(" 31 ")
    });
    let ana = std::fs::read_to_string(plans.join("ana.toml")).expect("read");
    assert!(ana.contains("customers = 31.0"), "{ana}");
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
}

#[test]
fn the_watched_team_folder_picks_up_a_rewritten_plan() {
    let dir = team_dir();
    let plans = dir.path().join("plans");
    let plans_arg = plans.display().to_string();
    let mut session = Session::start_in(dir.path(), 120, 40, &["team", "--watch", &plans_arg]);
    session.wait_for("the team view", |screen| {
        screen.contains("tamplan team") && screen.contains("Ben")
    });
    std::fs::write(
        plans.join("ben.toml"),
        "name = \"Ben FY27\"\nowner = \"Ben\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 52.0\n",
    )
    .expect("rewrite");
    session.wait_for("Ben at 52", |screen| screen.contains(" 52 "));
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
}

#[test]
fn the_calibration_view_applies_the_logged_hours_and_undo_restores_the_plan() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, tamplan::io::rules::STARTER).expect("rules");
    let sheet = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/timesheets/toggl.csv"
    );
    let rules_arg = rules.display().to_string();
    let mut session = Session::start_in(
        dir.path(),
        120,
        40,
        &["--timesheet", sheet, "--rules", &rules_arg],
    );
    session.wait_for("the plan", table_drawn);
    session.press("l");
    session.wait_for("the calibration view", |screen| {
        screen.contains("Logged 2026-11-02 to 2026-11-13") && screen.contains("5.56")
    });
    session.press("a");
    session.wait_for("the logged hours applied", |screen| {
        screen.contains("Applied the logged weeks") && screen.contains("[unsaved]")
    });
    // Esc closes the message first, then the view.
    session.press("\u{1b}");
    session.wait_for("the message closed", |screen| {
        !screen.contains("Applied the logged weeks") && screen.contains("Logged 2026-11-02")
    });
    session.press("\u{1b}");
    session.wait_for(
        "the plan with cadence calls at 5.56 h a working week",
        |screen| screen.contains("Tasks · hours") && screen.contains("5.56"),
    );
    session.press("u");
    session.wait_for("the plan restored", table_drawn);
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
}

/// Two planners on one scenario, saving in turn: every save after the
/// other's meets the conflict dialog, and the file holds exactly what the
/// last chosen save wrote.
#[test]
fn two_planners_on_one_scenario_never_overwrite_each_other_silently() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let file = dir.path().join("shared.toml");
    std::fs::write(
        &file,
        "name = \"Shared\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 40.0\n",
    )
    .expect("write");
    let holds = |customers: &str| {
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(text.contains(&format!("customers = {customers}")), "{text}");
    };
    let args = ["--scenario", file.to_str().expect("path")];
    let mut ana = Session::start_in(&dir.path().join("ana"), 120, 40, &args);
    let mut ben = Session::start_in(&dir.path().join("ben"), 120, 40, &args);
    for session in [&mut ana, &mut ben] {
        session.wait_for("the plan at 40", |screen| screen.contains("40 (35)"));
    }
    // Ana saves first: no conflict.
    ana.press("+");
    ana.wait_for("41", |screen| screen.contains("41 (35)"));
    ana.press("s");
    ana.wait_for("saved", |screen| screen.contains("Saved to"));
    holds("41.0");
    // Ben saves after her: caught; he overwrites on purpose.
    ben.press("-");
    ben.wait_for("39", |screen| screen.contains("39 (35)"));
    ben.press("s");
    ben.wait_for_conflict();
    holds("41.0");
    ben.press("o");
    ben.wait_for("saved", |screen| screen.contains("Saved to"));
    holds("39.0");
    // Ana saves again after him: caught too; she cancels, then reloads.
    ana.press("+");
    ana.wait_for("42", |screen| screen.contains("42 (35)"));
    ana.press("s");
    ana.wait_for_conflict();
    ana.press("\u{1b}");
    ana.wait_for("the dialog gone", |screen| {
        !screen.contains("The file changed on disk")
    });
    holds("39.0");
    ana.press("s");
    ana.wait_for_conflict();
    ana.press("r");
    ana.wait_for("Ben's 39", |screen| screen.contains("39 (35)"));
    holds("39.0");
    for mut session in [ana, ben] {
        session.press("q");
        assert_eq!(session.wait_exit(), 0, "nothing unsaved");
    }
}

#[test]
fn the_planner_takes_the_logged_range_from_the_command_line() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let sheet = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/timesheets/toggl.csv"
    );
    let mut session = Session::start_in(
        dir.path(),
        120,
        40,
        &[
            "--timesheet",
            sheet,
            "--from",
            "2026-11-09",
            "--to",
            "2026-11-13",
        ],
    );
    session.wait_for("the plan", table_drawn);
    session.press("l");
    session.wait_for("the calibration view", |screen| {
        screen.contains("Logged 2026-11-09 to 2026-11-13")
    });
    session.press("[");
    session.wait_for("the range a week earlier", |screen| {
        screen.contains("Logged range 2026-11-02 to 2026-11-06")
    });
}

#[test]
fn w_lists_every_warning_and_esc_closes_the_list() {
    // 60 customers: seven warnings, more than the pane holds at 80×24.
    let dir = tempfile::TempDir::new().expect("temp dir");
    let plan = dir.path().join("busy.toml");
    std::fs::write(&plan, "name = \"Busy\"\n[counts]\ncustomers = 60\n").expect("written");
    let plan = plan.to_string_lossy().into_owned();
    let mut session = Session::start_in(dir.path(), 80, 24, &["--scenario", &plan]);
    session.wait_for("the pane offering w", |screen| {
        screen.contains("Warnings (7) · w lists all")
    });
    session.press("w");
    session.wait_for("the list of warnings", |screen| {
        screen.contains("Warnings (7) · ↑↓ scroll")
            && screen.contains("Q4 is overloaded")
            && screen.contains("The book holds 60 customers")
    });
    session.press("\u{1b}");
    session.wait_for("the plan again", |screen| {
        !screen.contains("↑↓ scroll") && screen.contains("w warnings")
    });
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
}

/// `+`, then `s` with a name and owner: a new scenario saved.
fn save_new(session: &mut Session, name: &str) {
    session.press("s");
    session.wait_for("the name prompt", |screen| {
        screen.contains("Scenario name:")
    });
    session.press(&format!("{name}\r"));
    session.wait_for("the owner prompt", |screen| {
        screen.contains("Owner (the TAM):")
    });
    session.press(&format!("{}alex\r", "\u{7f}".repeat(40)));
}

#[cfg(unix)]
#[test]
fn a_fifo_for_a_schema_copy_never_holds_a_save_or_the_planner() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let schemas = dir.path().join("config/schemas");
    std::fs::create_dir_all(&schemas).expect("mkdir");
    let made = std::process::Command::new("mkfifo")
        .arg(schemas.join("scenario.schema.json"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // Wide: the message names two paths in a temporary folder.
    let mut session = Session::start_in(dir.path(), 400, 40, &[]);
    session.wait_for("the task table", table_drawn);
    session.press("+");
    session.wait_for("36 customers", |screen| screen.contains("36 (35)"));
    save_new(&mut session, "Piped");
    session.wait_for("the save done, the FIFO named", |screen| {
        screen.contains("Saved to") && screen.contains("is a FIFO")
    });
    let text = std::fs::read_to_string(dir.path().join("data/scenarios/piped.toml"))
        .expect("the scenario was saved");
    assert!(!text.starts_with("#:schema"), "{text}");
    // Unsaved again, then SIGTERM: an exit within seconds, work kept.
    session.press("+");
    session.wait_for("37 customers", |screen| screen.contains("37 (35)"));
    kill(session.pid(), "TERM");
    assert_eq!(session.wait_exit(), 143);
    assert_eq!(recoveries(dir.path()), 1);
}

/// A planner run by `sh`, the session's leader, which ignores SIGHUP: when
/// the terminal closes, the kernel's SIGHUP goes to the shell alone and the
/// planner has only its terminal to tell it.
fn planner_under_a_deaf_shell(dir: &std::path::Path) -> (Session, u32) {
    let mut shell = CommandBuilder::new("sh");
    shell.args([
        "-c",
        &format!("trap '' HUP; {}; true", env!("CARGO_BIN_EXE_tamplan")),
    ]);
    let session = Session::spawn(shell, dir, 100, 30);
    session.wait_for("the task table", table_drawn);
    let planner = child_of(session.pid());
    (session, planner)
}

/// The CPU time (user and system, in clock ticks) `pid` has used.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(user + system)
}

/// The state letter of `pid` in `/proc` (`T` stopped, `Z` a zombie),
/// `None` once it is gone.
fn process_state(pid: u32) -> Option<char> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    status.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Waits until `pid` is stopped.
fn wait_stopped(pid: u32) {
    let start = Instant::now();
    while process_state(pid) != Some('T') {
        assert!(start.elapsed() < TIMEOUT, "{pid} did not stop");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Waits for `pid` to be gone (or a zombie); whether it went within
/// `limit`.
fn gone_within(pid: u32, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if matches!(process_state(pid), None | Some('Z')) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[cfg(target_os = "linux")]
#[test]
fn a_closed_terminal_ends_a_running_planner_and_keeps_its_work() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (mut session, planner) = planner_under_a_deaf_shell(dir.path());
    session.press("+");
    session.wait_for("36 customers", |screen| screen.contains("36 (35)"));
    let before = cpu_ticks(planner).expect("the planner runs");
    session.close_terminal();
    let ended = gone_within(planner, Duration::from_secs(5));
    let spent = cpu_ticks(planner).map(|after| after.saturating_sub(before));
    if !ended {
        kill(planner, "KILL");
    }
    assert!(
        ended,
        "the planner still runs after its terminal closed (CPU ticks meanwhile: {spent:?})"
    );
    assert_eq!(recoveries(dir.path()), 1, "the unsaved plan is kept");
}

#[cfg(target_os = "linux")]
#[test]
fn a_stopped_planner_whose_terminal_closed_keeps_its_work_when_continued() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (mut session, planner) = planner_under_a_deaf_shell(dir.path());
    session.press("+");
    session.wait_for("36 customers", |screen| screen.contains("36 (35)"));
    // The reader lets go while the planner still draws (a stopped one
    // writes nothing that would wake it).
    session.stop_reading();
    kill(planner, "STOP");
    wait_stopped(planner);
    session.close_terminal();
    // Nothing sends it SIGHUP; a SIGCONT (from a shell, a supervisor)
    // lets it run on a terminal that is gone.
    kill(planner, "CONT");
    let ended = gone_within(planner, Duration::from_secs(5));
    if !ended {
        kill(planner, "KILL");
    }
    assert!(ended, "the planner still runs after its terminal closed");
    assert_eq!(recoveries(dir.path()), 1, "the unsaved plan is kept");
}

#[test]
fn ctrl_z_then_the_terminal_closing_keeps_the_unsaved_work() {
    // bash, on the hang-up, sends SIGHUP and SIGCONT to the stopped job.
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut shell = CommandBuilder::new("bash");
    shell.args(["--norc", "--noprofile", "-i"]);
    shell.env("PS1", "$ ");
    let mut session = Session::spawn(shell, dir.path(), 100, 30);
    session.wait_for("the prompt", |screen| screen.contains("$ "));
    session.press(&format!("{}\r", env!("CARGO_BIN_EXE_tamplan")));
    session.wait_for("the task table", table_drawn);
    let planner = child_of(session.pid());
    session.press("+");
    session.wait_for("36 customers", |screen| screen.contains("36 (35)"));
    session.press("\u{1a}");
    session.wait_for("the job stopped", |screen| screen.contains("Stopped"));
    session.close_terminal();
    let ended = gone_within(planner, Duration::from_secs(10));
    if !ended {
        kill(planner, "KILL");
    }
    assert!(ended, "the planner still runs after its terminal closed");
    assert_eq!(recoveries(dir.path()), 1, "the unsaved plan is kept");
}

#[cfg(unix)]
#[test]
fn the_watched_team_folder_does_not_follow_a_linked_folder() {
    let dir = team_dir();
    let plans = dir.path().join("plans");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).expect("folder");
    std::os::unix::fs::symlink(&outside, plans.join("linked")).expect("symlink");
    let plans_arg = plans.display().to_string();
    let mut session = Session::start_in(dir.path(), 120, 40, &["team", "--watch", &plans_arg]);
    session.wait_for("the team view", |screen| {
        screen.contains("tamplan team") && screen.contains("Ben")
    });
    // A plan written where the link points: not the team's (the scan
    // refused the link), so not added.
    std::fs::write(
        outside.join("cara.toml"),
        "name = \"Cara FY27\"\nowner = \"Cara\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 20.0\n",
    )
    .expect("write");
    // A change in the team folder itself, seen after the one above would be.
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(
        plans.join("ben.toml"),
        "name = \"Ben FY27\"\nowner = \"Ben\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 52.0\n",
    )
    .expect("rewrite");
    session.wait_for("Ben at 52", |screen| screen.contains(" 52 "));
    std::thread::sleep(Duration::from_millis(300));
    assert!(!session.screen().contains("Cara"), "{}", session.screen());
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
}

/// `TAMPLAN_NOW` fixes the one clock: a save's date and a recovery file's
/// name in the planner come from it, as the text commands' dates do.
#[test]
fn tamplan_now_dates_the_planners_saves_and_recovery_files() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_tamplan"));
    command.env("TAMPLAN_NOW", "2026-01-02T03:04:05+00:00");
    let mut session = Session::spawn(command, dir.path(), 100, 30);
    session.wait_for("the task table", table_drawn);
    session.press("+");
    session.wait_for("36 customers", |screen| screen.contains("36 (35)"));
    save_new(&mut session, "dated");
    session.wait_for("saved", |screen| screen.contains("Saved to"));
    let saved =
        std::fs::read_to_string(dir.path().join("data/scenarios/dated.toml")).expect("saved");
    assert!(saved.contains("saved = 2026-01-02T03:04:05Z"), "{saved}");
    session.press("+");
    session.wait_for("37 customers", |screen| screen.contains("37 (35)"));
    kill(session.pid(), "TERM");
    assert_eq!(session.wait_exit(), 143);
    let names: Vec<String> = std::fs::read_dir(dir.path().join("data"))
        .expect("data folder")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("recovery-"))
        .collect();
    assert!(
        names.iter().any(|name| name.contains("20260102T030405")),
        "{names:?}"
    );
}

// ------------------------------------------ the book from the CRM (22) --

/// `team --book-file`: the view opens with each plan's counts from the
/// CRM's export (unsaved), Ana's plan opens in the planner with hers, and
/// saving there writes her file only, with her counts and `[book]`.
#[test]
fn the_team_view_takes_the_book_and_a_saved_plan_writes_only_its_owners_counts() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).expect("folder");
    for (file, owner, customers) in [("ana.toml", "Ana Lima", 30), ("ben.toml", "Ben Okafor", 40)] {
        std::fs::write(
            plans.join(file),
            format!(
                "name = \"{owner} FY27\"\nowner = \"{owner}\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = {customers}.0\n"
            ),
        )
        .expect("write");
    }
    let ben_before = std::fs::read_to_string(plans.join("ben.toml")).expect("read");
    // Ana has 3 customers, Ben 2 (and one not started yet).
    let export = dir.path().join("accounts.csv");
    std::fs::write(
        &export,
        "account,owner,start\nA1,Ana Lima,2024-01-01\nA2,Ana Lima,2025-01-01\nA3,Ana Lima,2026-02-01\nB1,Ben Okafor,2024-01-01\nB2,Ben Okafor,2024-06-01\nB3,Ben Okafor,2027-01-01\n",
    )
    .expect("write");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_tamplan"));
    command.args([
        "team",
        &plans.display().to_string(),
        "--book-file",
        &export.display().to_string(),
    ]);
    command.env("TAMPLAN_NOW", "2026-09-30T12:00:00+02:00");
    let mut session = Session::spawn(command, dir.path(), 120, 40);
    session.wait_for("the team view with the book's counts", |screen| {
        screen.contains("tamplan team")
            && screen.contains("Counts from the CRM's book as of 2026-09-30")
            && screen.contains("Ana Lima")
            && screen.contains("Ben Okafor")
    });
    session.press("\r"); // Ana, first by owner
    session.wait_for("Ana's plan with the book's 3 customers", |screen| {
        screen.contains("Ana Lima FY27")
            && screen.contains("3 (35)")
            && screen.contains("The CRM's book (3 customers, 3 weighted) changes")
    });
    session.press("s");
    session.wait_for("saved", |screen| screen.contains("Saved to"));
    session.press("q");
    session.wait_for("the team again", |screen| screen.contains("tamplan team"));
    let ana = std::fs::read_to_string(plans.join("ana.toml")).expect("read");
    assert!(ana.contains("format = 2\n"), "{ana}");
    assert!(ana.contains("customers = 3.0\n"), "{ana}");
    assert!(
        ana.contains("new_customers_per_quarter = [1.0, 0.0, 0.0, 3.0]"),
        "{ana}"
    );
    assert!(
        ana.contains("[book]\nas_of = 2026-09-30\ncustomers = 3\n"),
        "{ana}"
    );
    assert_eq!(
        std::fs::read_to_string(plans.join("ben.toml")).expect("read"),
        ben_before,
        "only Ana's file is written"
    );
    // Ben's counts are still unsaved in the view: q asks, q again quits
    // without writing them.
    session.press("q");
    session.wait_for("asked", |screen| screen.contains("Changes not saved"));
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
    assert_eq!(
        std::fs::read_to_string(plans.join("ben.toml")).expect("read"),
        ben_before
    );
}

/// The 1:1 in the real binary: a saved plan says no 1:1 is recorded; `M`
/// marks it reviewed (saved, a copy kept); a change then shows in the line
/// under the header.
#[test]
fn mark_reviewed_then_a_change_shows_since_the_last_1_1() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let file = dir.path().join("ana.toml");
    std::fs::write(
        &file,
        "name = \"Ana FY27\"\nowner = \"Ana\"\n[counts]\ncustomers = 38\n",
    )
    .expect("plan");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_tamplan"));
    command.args(["--scenario", file.to_str().expect("path")]);
    command.env("TAMPLAN_NOW", "2026-12-07T09:00:00+01:00");
    let mut session = Session::spawn(command, dir.path(), 80, 24);
    session.wait_for("no 1:1 recorded", |screen| {
        screen.contains("no 1:1 recorded")
    });
    session.press("M");
    session.wait_for("the review saved", |screen| {
        screen.contains("since the last 1:1 (2026-12-07): no change")
    });
    let text = std::fs::read_to_string(&file).expect("saved");
    assert!(text.contains("\nreviewed = 2026-12-07\n"), "{text}");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("day");
    assert_eq!(
        tamplan::io::reviews::read_copy(&dir.path().join("data"), &file, day)
            .expect("reads")
            .as_deref(),
        Some(text.as_str()),
        "the copy as reviewed"
    );
    // 38 customers: 1,632 h + 3 × 948 h ÷ 35 = 1,713.3 h, 105 %; 42:
    // 1,821.6 h, 112 %.
    session.press("++++");
    session.wait_for("the change since the review", |screen| {
        screen.contains(
            "since the last 1:1 (2026-12-07): 38 → 42 customers, 105 % → 112 %, OVERLOADED",
        )
    });
    session.quit_discarding();
}

// ------------------------------------------- the history screen (issue 20) --

/// A repository holding Ana's plan at 30 then 40 customers.
fn history_repo() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let root = dir.path().join("team");
    std::fs::create_dir_all(&root).expect("folder");
    let ana = ("Ana", "ana@example.com");
    let git = |args: &[&str], date: &str| support::git_as(&root, args, date, ana, ana);

    git(&["init", "-q", "-b", "main"], "2026-01-01T00:00:00Z");
    for (customers, date) in [(30, "2026-03-02T09:00:00Z"), (40, "2026-04-06T09:00:00Z")] {
        std::fs::write(
            root.join("ana.toml"),
            format!(
                "name = \"Ana FY27\"\nowner = \"Ana\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = {customers}\n"
            ),
        )
        .expect("write");
        git(&["add", "-A"], date);
        git(&["commit", "-q", "-m", "plan"], date);
    }
    dir
}

#[test]
fn h_shows_the_plans_history_and_enter_compares_with_a_version() {
    let dir = history_repo();
    let plan = dir.path().join("team/ana.toml").display().to_string();
    let mut session = Session::start_in(dir.path(), 100, 30, &["--scenario", &plan]);
    session.wait_for("the plan", |screen| screen.contains("Ana FY27"));
    session.press("H");
    session.wait_for("its history", |screen| {
        screen.contains("History · ana.toml · 2 versions · repository team")
            && screen.contains("2026-03-02 09:00")
    });
    session.press("j"); // the older version: 30 customers
    session.press("\r");
    session.wait_for("the compare view against that version", |screen| {
        screen.contains("Compare with ana.toml at ") && screen.contains("(2026-03-02)")
    });
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_terminal_given_back();
}
