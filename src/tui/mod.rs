//! The terminal: set-up, the event loop, and giving the terminal back on
//! quit, on a panic, on SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1 and
//! SIGALRM, and around a stop (Ctrl-Z, SIGTSTP, or SIGSTOP from outside:
//! SIGCONT takes the terminal again and redraws everything).
//!
//! Input is read by a thread blocked in `event::read`, signals by a thread
//! blocked on `signal-hook`; both feed one channel the loop blocks on, so an
//! idle planner uses no CPU. The input thread is stopped before the terminal
//! is given back, so what is typed as the planner exits is the shell's.
//! Every event already waiting is handled before the one draw that follows,
//! so a paste of thousands of keys draws once.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::terminal::EnterAlternateScreen;
use ratatui::crossterm::{cursor, execute, terminal};
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};
use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGSTOP, SIGTERM, SIGTSTP, SIGUSR1, SIGWINCH,
};
use signal_hook::iterator::Signals;

use crate::io::error::Error;
use crate::io::store::{self, Paths};
use crate::tui::planner::Action;
use crate::tui::planner::App;
use crate::tui::planner::keys::{self, Control};
use crate::tui::planner::ui::{self, Theme, View};

pub mod effects;
pub mod history;
pub mod keymap;
pub mod planner;
pub mod prompt;
pub mod stack;
pub mod team;
pub mod theme;
pub mod undo;
pub mod widgets;
pub mod work;

pub use planner::effects::{perform, perform_effects};
pub use stack::{Layer, Stack};
pub use work::Work;

/// The largest screen drawn: a terminal that reports more (20000×20000)
/// is drawn in this corner, not allocated whole.
pub const MAX_SIZE: (u16, u16) = (1000, 500);

/// `size` within [`MAX_SIZE`].
pub fn clamp_size(width: u16, height: u16) -> (u16, u16) {
    (width.min(MAX_SIZE.0), height.min(MAX_SIZE.1))
}

/// The signals that end the planner as SIGTERM does: terminal given back,
/// unsaved work kept in a recovery file.
const ENDING: [i32; 6] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGALRM];

enum Message<A> {
    Input(Event),
    /// The terminal is gone: input ended (EOF, EIO) or it hung up.
    InputClosed,
    Signal(i32),
    /// A watched file changed on disk.
    Changed(std::path::PathBuf),
    /// File work done off the loop (see [`Work`]) has a result.
    Done(A),
}

/// What the loop does after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Go on (draw after the events waiting).
    Go,
    /// Stop the process (Ctrl-Z): the loop gives the terminal back first.
    Suspend,
}

/// A screen the one event loop runs: its own state, keys mapped to its own
/// actions in one place, one `update`, and drawing from `&self`. File work
/// goes through [`Work`], whose results come back as the screen's actions.
pub trait Screen {
    /// What file work done off the loop gives back.
    type Action: Send + 'static;
    /// Called once, after the first frame is drawn: work that may take a
    /// while (reading a folder of plans) starts here.
    fn start(&mut self, _paths: &Paths, _work: &Work<Self::Action>) {}
    /// Handles one terminal event: keys become actions, the actions update
    /// the state, and the file work they ask for is handed to `work`.
    fn event(&mut self, event: &Event, paths: &Paths, work: &Work<Self::Action>) -> Step;
    /// File work done off the loop has a result.
    fn finished(&mut self, result: Self::Action, paths: &Paths, work: &Work<Self::Action>);
    /// The terminal is now `width` × `height` (already clamped).
    fn resize(&mut self, width: u16, height: u16);
    /// A watched file changed on disk.
    fn changed(&mut self, _path: &std::path::Path, _paths: &Paths, _work: &Work<Self::Action>) {}
    /// Draws the whole screen.
    fn draw(&self, frame: &mut ratatui::Frame, theme: Theme);
    /// Whether the screen should end.
    fn should_quit(&self) -> bool;
    /// A screen this one opened, to go on top of it (the team view opens
    /// a plan in the planner); taken once.
    fn take_opened(&mut self) -> Option<stack::Layer> {
        None
    }
    /// The screen this one opened has ended, and this one is on top again.
    fn uncovered(&mut self, _closed: stack::Layer, _paths: &Paths, _work: &Work<Self::Action>) {}
    /// Why the screen ended without its work (no plan could be read), said
    /// after the terminal is given back; exit 1.
    fn failure(&self) -> Option<String> {
        None
    }
    /// On a signal: writes unsaved work to recovery files; the sentence
    /// that says where, or `None` when there was nothing unsaved.
    fn keep_unsaved_work(&self, paths: &Paths) -> Option<String>;
}

impl Screen for App {
    type Action = Action;

    /// File work asked for before the first frame (the plan since the
    /// last 1:1 of the plan opened), after it is drawn.
    fn start(&mut self, paths: &Paths, work: &Work<Action>) {
        perform_effects(self, paths, work);
    }

    fn event(&mut self, event: &Event, paths: &Paths, work: &Work<Action>) -> Step {
        match keys::control(self, event) {
            Control::Ignore => Step::Go,
            Control::Suspend => Step::Suspend,
            Control::Act(Action::Resize(width, height)) => {
                let (width, height) = clamp_size(width, height);
                self.update(Action::Resize(width, height));
                Step::Go
            }
            Control::Act(action) => {
                self.update(action);
                perform_effects(self, paths, work);
                Step::Go
            }
        }
    }

    fn finished(&mut self, result: Action, paths: &Paths, work: &Work<Action>) {
        self.update(result);
        perform_effects(self, paths, work);
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.update(Action::Resize(width, height));
    }

    fn draw(&self, frame: &mut ratatui::Frame, theme: Theme) {
        ui::draw(frame, View { app: self, theme });
    }

    fn should_quit(&self) -> bool {
        App::should_quit(self)
    }

    fn take_opened(&mut self) -> Option<stack::Layer> {
        self.take_history().map(stack::Layer::History)
    }

    /// Back from the history screen: compare with the version picked.
    fn uncovered(&mut self, closed: stack::Layer, paths: &Paths, work: &Work<Action>) {
        if let stack::Layer::History(mut history) = closed
            && let Some(picked) = history.take_picked()
        {
            self.update(Action::CompareWith {
                label: picked.label,
                text: picked.text,
            });
            perform_effects(self, paths, work);
        }
    }

    fn keep_unsaved_work(&self, paths: &Paths) -> Option<String> {
        self.is_dirty().then(|| keep_unsaved_work(self, paths))
    }
}

/// How the planner ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// A signal ended it; exit as the signal would (128 + number).
    Signal(i32),
}

/// Runs the planner until the user quits or a signal ends it. The terminal
/// is restored whatever happens.
///
/// # Errors
/// [`Error::Terminal`] when there is no terminal or it cannot be set up.
pub fn run(app: App, paths: &Paths) -> Result<Ending, Error> {
    run_screen(Stack::new(Layer::Planner(Box::new(app))), paths, &[])
}

/// Runs `screen` until it ends or a signal ends it, watching `watch` (files
/// or folders) for changes. The terminal is restored whatever happens.
///
/// # Errors
/// [`Error::Terminal`] when there is no terminal or it cannot be set up.
pub fn run_screen<S: Screen>(
    mut app: S,
    paths: &Paths,
    watch: &[std::path::PathBuf],
) -> Result<Ending, Error> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Error::Terminal(std::io::Error::other(
            "stdin and stdout are not a terminal; expected an interactive terminal (use `tamplan report` for text output)",
        )));
    }
    let theme = Theme::from_env();
    let (sender, receiver) = mpsc::channel::<Message<S::Action>>();
    let done = sender.clone();
    let work = Work::new(move |result| done.send(Message::Done(result)).is_ok());
    listen_for_signals(sender.clone())?;
    // Kept alive for the whole run: dropping the watcher stops it.
    let _watcher = watcher(watch, sender.clone());
    watch_for_hang_up(sender.clone());

    // Raw mode, the alternate screen and ratatui's panic hook, with a
    // viewport of a clamped size: a terminal reporting 20000×20000 must not
    // make ratatui allocate a buffer for all of it.
    let mut terminal =
        ratatui::try_init_with_options(clamped_options()?).map_err(Error::Terminal)?;
    install_panic_hook();
    let mut input = None;
    let mut started = false;
    let ending = (|| -> Result<Ending, Error> {
        // `init` with options leaves the screen as it is (for inline
        // viewports); the planner takes the alternate screen.
        execute!(
            std::io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        )
        .map_err(Error::Terminal)?;
        let size = terminal.get_frame().area();
        app.resize(size.width, size.height);
        input = Some(Input::spawn(sender, event::read));
        draw(&mut terminal, &app, theme)?;
        started = true;
        app.start(paths, &work);
        while let Ok(first) = receiver.recv() {
            // Everything already waiting, then one draw.
            let mut next = Some(first);
            while let Some(message) = next {
                if let Some(ending) = handle(message, &mut app, &mut terminal, paths, &work)? {
                    return Ok(ending);
                }
                next = receiver.try_recv().ok();
            }
            draw(&mut terminal, &app, theme)?;
        }
        Ok(Ending::Quit)
    })();
    // Once running, a terminal that can no longer be read, written or set
    // (EOF, EIO, no controlling terminal after a hang-up, as when a stopped
    // planner is continued after its terminal closed) has hung up.
    let ending = match ending {
        Err(Error::Terminal(_)) if started => Ok(Ending::Signal(SIGHUP)),
        other => other,
    };
    // Unsaved work first: after a hang-up the terminal is gone and any
    // write to it may fail.
    let report = if matches!(ending, Ok(Ending::Signal(_))) {
        app.keep_unsaved_work(paths)
    } else {
        None
    };
    // Input stops being read before the terminal leaves raw mode: a line
    // typed meanwhile is for the shell, not for a planner about to exit.
    if let Some(input) = input {
        input.stop(
            || {
                // crossterm's reader wakes on SIGWINCH (a resize).
                let _ = signal_hook::low_level::raise(SIGWINCH);
            },
            std::time::Duration::from_millis(200),
        );
    }
    restore();
    // The screen is restored above; dropping the terminal would try again
    // and, with the terminal gone, `eprintln!` inside ratatui would panic.
    std::mem::forget(terminal);
    if let Some(report) = report {
        let _ = writeln!(std::io::stderr(), "{report}");
    }
    match (ending, app.failure()) {
        (Ok(Ending::Quit), Some(why)) => Err(Error::Failed(why)),
        (ending, _) => ending,
    }
}

/// One message of the loop's channel, handled; how the screen ends, when
/// it does.
fn handle<S: Screen>(
    message: Message<S::Action>,
    app: &mut S,
    terminal: &mut DefaultTerminal,
    paths: &Paths,
    work: &Work<S::Action>,
) -> Result<Option<Ending>, Error> {
    match message {
        Message::Signal(signal) if ENDING.contains(&signal) => {
            return Ok(Some(Ending::Signal(signal)));
        }
        Message::Signal(SIGTSTP) => {
            let (width, height) = suspend(terminal)?;
            app.resize(width, height);
        }
        Message::Signal(_) => {
            let (width, height) = take_terminal(terminal)?;
            app.resize(width, height);
        }
        Message::InputClosed => return Ok(Some(Ending::Signal(SIGHUP))),
        Message::Changed(path) => app.changed(&path, paths, work),
        Message::Done(result) => app.finished(result, paths, work),
        Message::Input(event) => {
            if let Event::Resize(width, height) = event {
                let (width, height) = clamp_size(width, height);
                terminal
                    .resize(Rect::new(0, 0, width, height))
                    .map_err(Error::Terminal)?;
            }
            if app.event(&event, paths, work) == Step::Suspend {
                let (width, height) = suspend(terminal)?;
                app.resize(width, height);
            }
        }
    }
    Ok(app.should_quit().then_some(Ending::Quit))
}

/// Sends each signal the planner handles to the loop, from a thread
/// blocked on them.
fn listen_for_signals<A: Send + 'static>(sender: mpsc::Sender<Message<A>>) -> Result<(), Error> {
    let mut signals =
        Signals::new(ENDING.iter().copied().chain([SIGTSTP, SIGCONT])).map_err(Error::Terminal)?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if sender.send(Message::Signal(signal)).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// Waits on a thread of its own, using no CPU, for the terminal (standard
/// input) to hang up, as when a pseudo-terminal's other end is closed, and
/// then sends [`Message::InputClosed`]. The input reader alone may never
/// see it: with no SIGHUP sent (the session's leader ignores it), a
/// hung-up terminal reports neither input nor an error to its poll.
fn watch_for_hang_up<A: Send + 'static>(sender: mpsc::Sender<Message<A>>) {
    #[cfg(unix)]
    std::thread::spawn(move || {
        use rustix::event::{PollFd, PollFlags, poll};
        use std::os::fd::AsFd as _;
        let stdin = std::io::stdin();
        let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
        loop {
            // No events asked for: only a hang-up or an error wakes it.
            let fd = stdin.as_fd();
            let mut fds = [PollFd::new(&fd, PollFlags::empty())];
            match poll(&mut fds, None) {
                Ok(_) if fds[0].revents().intersects(gone) => break,
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(_) => break,
            }
        }
        let _ = sender.send(Message::InputClosed);
    });
    #[cfg(not(unix))]
    drop(sender);
}

/// The thread that reads terminal input into the loop's channel.
struct Input {
    stop: Arc<AtomicBool>,
    /// Disconnected when the thread has ended.
    ended: mpsc::Receiver<()>,
}

impl Input {
    /// Reads events with `read` on a thread of their own and sends each to
    /// `sender`; a failed read (the terminal is gone) sends
    /// [`Message::InputClosed`] and ends it.
    fn spawn<A: Send + 'static>(
        sender: mpsc::Sender<Message<A>>,
        read: impl FnMut() -> std::io::Result<Event> + Send + 'static,
    ) -> Input {
        let stop = Arc::new(AtomicBool::new(false));
        let (ended_sender, ended) = mpsc::channel::<()>();
        let stopping = Arc::clone(&stop);
        std::thread::spawn(move || {
            // Locals drop in reverse order: the reader goes before `ended`
            // says the thread is done, so nothing holds the terminal then.
            let _ended = ended_sender;
            let mut read = read;
            loop {
                let message = match read() {
                    Ok(event) => Message::Input(event),
                    Err(_) => Message::InputClosed,
                };
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let closed = matches!(message, Message::InputClosed);
                if sender.send(message).is_err() || closed {
                    break;
                }
            }
        });
        Input { stop, ended }
    }

    /// Stops the thread: `wake` makes the read it is blocked in return,
    /// and the thread ends without reading again. Waits for that at most
    /// `patience`; whether it ended.
    fn stop(self, wake: impl FnOnce(), patience: std::time::Duration) -> bool {
        self.stop.store(true, Ordering::SeqCst);
        wake();
        matches!(
            self.ended.recv_timeout(patience),
            Err(mpsc::RecvTimeoutError::Disconnected)
        )
    }
}

/// Writes unsaved changes to a recovery file when a signal ends the
/// planner; returns the sentence that says where they are.
fn keep_unsaved_work(app: &App, paths: &Paths) -> String {
    let document = app.document();
    let written = store::write_recovery(
        paths,
        app.model(),
        app.inputs(),
        &document.meta,
        document.path.as_deref(),
    );
    match written {
        Ok(path) => format!(
            "tamplan: unsaved changes kept in {}; the next start offers to restore them",
            path.display()
        ),
        Err(error) => format!("tamplan: error: unsaved changes could not be kept: {error}"),
    }
}

fn draw<S: Screen>(terminal: &mut DefaultTerminal, app: &S, theme: Theme) -> Result<(), Error> {
    terminal
        .draw(|frame| app.draw(frame, theme))
        .map_err(Error::Terminal)?;
    Ok(())
}

/// Watches `paths` (folders recursively, linked folders not followed) and
/// posts each changed file on
/// the loop's channel; `None` when there is nothing to watch or watching
/// cannot start (the screen still works, without live updates).
fn watcher<A: Send + 'static>(
    paths: &[std::path::PathBuf],
    sender: mpsc::Sender<Message<A>>,
) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher as _;
    if paths.is_empty() {
        return None;
    }
    let handler = move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && (event.kind.is_modify() || event.kind.is_create() || event.kind.is_remove())
        {
            for path in event.paths {
                let _ = sender.send(Message::Changed(path));
            }
        }
    };
    // Linked folders are not followed, as the team's scan does not follow
    // them: a link to `/` would add a watch on every folder of the disk
    // before the first frame, and plans from outside the team folder.
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut watcher = notify::RecommendedWatcher::new(handler, config).ok()?;
    for path in paths {
        let _ = watcher.watch(path, notify::RecursiveMode::Recursive);
    }
    Some(watcher)
}

/// Gives the terminal back: mouse capture off, cursor shown, raw mode off,
/// main screen.
fn restore() {
    let mut stdout = std::io::stdout();
    let _ = execute!(
        stdout,
        DisableBracketedPaste,
        DisableMouseCapture,
        cursor::Show
    );
    // `try_restore`, not `restore`: the latter reports a failure with
    // `eprintln!`, which panics when the terminal has hung up.
    let _ = ratatui::try_restore();
    let _ = stdout.flush();
}

/// ratatui's panic hook restores raw mode and the screen; this one, run
/// first, also turns mouse capture off and shows the cursor.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            DisableBracketedPaste,
            DisableMouseCapture,
            cursor::Show
        );
        previous(info);
    }));
}

/// A viewport of the screen's size, clamped to [`MAX_SIZE`].
fn clamped_options() -> Result<TerminalOptions, Error> {
    let (width, height) = terminal::size().map_err(Error::Terminal)?;
    let (width, height) = clamp_size(width, height);
    Ok(TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    })
}

/// Ctrl-Z or SIGTSTP: give the terminal back and stop; on `fg` take it
/// again and redraw everything. (SIGSTOP, not SIGTSTP, is raised: the
/// planner handles SIGTSTP itself.)
fn suspend(terminal: &mut DefaultTerminal) -> Result<(u16, u16), Error> {
    restore();
    signal_hook::low_level::raise(SIGSTOP).map_err(Error::Terminal)?;
    // Execution continues here after SIGCONT (`fg`).
    take_terminal(terminal)
}

/// After a stop, whatever stopped the process: raw mode, the alternate
/// screen, mouse and paste reporting again, and the next draw whole.
/// Returns the size drawn.
fn take_terminal(terminal: &mut DefaultTerminal) -> Result<(u16, u16), Error> {
    // crossterm remembers raw mode as on and would not set it again; after
    // SIGSTOP the shell has put the terminal back in cooked mode, so turn
    // it off (forgetting) and on (setting it for real).
    let _ = terminal::disable_raw_mode();
    terminal::enable_raw_mode().map_err(Error::Terminal)?;
    execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
    .map_err(Error::Terminal)?;
    // `Terminal::clear` would ask the terminal for the cursor position,
    // whose answer the input thread is waiting to read; `resize` clears
    // and forgets the last frame without asking, so the next draw is whole.
    let (width, height) = terminal::size().map_err(Error::Terminal)?;
    let (width, height) = clamp_size(width, height);
    terminal
        .resize(Rect::new(0, 0, width, height))
        .map_err(Error::Terminal)?;
    Ok((width, height))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Model;

    #[test]
    fn stopped_input_reads_nothing_more() {
        use ratatui::crossterm::event::{KeyCode, KeyEvent};

        let key = |c| Event::Key(KeyEvent::from(KeyCode::Char(c)));
        // A terminal whose keys the test types, one read each.
        let (typed, keyboard) = mpsc::channel::<Event>();
        let (sender, loop_messages) = mpsc::channel::<Message<()>>();
        let input = Input::spawn(sender, move || {
            keyboard.recv().map_err(|_| std::io::Error::other("closed"))
        });
        typed.send(key('a')).expect("the thread reads");
        let first = loop_messages
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("a message");
        assert!(matches!(first, Message::Input(event) if event == key('a')));
        let wake = typed.clone();
        let ended = input.stop(
            move || {
                let _ = wake.send(Event::Resize(80, 24));
            },
            std::time::Duration::from_secs(5),
        );
        assert!(ended, "the thread ended");
        // Nothing reads the terminal any more: a key typed now is left
        // for whoever reads next, and the wake-up was not passed on.
        assert!(typed.send(key('b')).is_err(), "the reader is gone");
        assert!(loop_messages.try_recv().is_err());
    }

    /// The planner's save: a scenario in the data folder names the schema
    /// copy; one saved elsewhere (a team folder) never gets the saver's
    /// path, and keeps the line it had.
    #[test]
    fn a_save_outside_the_own_folders_keeps_the_files_schema_line() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let paths = Paths {
            data_dir: dir.path().join("data"),
            config_dir: dir.path().join("config"),
        };
        let model = Model::builtin().expect("valid");
        let save = |path: &std::path::Path, expected: Option<String>| {
            let effect = crate::tui::planner::action::Effect::Save {
                path: path.to_owned(),
                text: "name = \"Ana\"\n".to_owned(),
                expected,
                force: false,
            };
            let done = perform(effect, &paths, &model);
            assert!(
                matches!(&done, Some(Action::SaveEnded(saved)) if matches!(**saved, Action::Saved { .. })),
                "{done:?}"
            );
            std::fs::read_to_string(path).expect("saved")
        };
        let own = paths.scenarios_dir().join("ana.toml");
        std::fs::create_dir_all(paths.scenarios_dir()).expect("mkdir");
        assert!(save(&own, None).starts_with("#:schema file://"));
        let team = dir.path().join("team");
        std::fs::create_dir_all(&team).expect("mkdir");
        let shared = team.join("ana.toml");
        assert_eq!(save(&shared, None), "name = \"Ana\"\n");
        let theirs = "#:schema ./scenario.schema.json\nname = \"A\"\n".to_owned();
        std::fs::write(&shared, &theirs).expect("write");
        assert_eq!(
            save(&shared, Some(theirs)),
            "#:schema ./scenario.schema.json\nname = \"Ana\"\n"
        );
    }

    #[test]
    fn a_huge_terminal_is_drawn_within_the_limit() {
        assert_eq!(clamp_size(20_000, 20_000), MAX_SIZE);
        assert_eq!(clamp_size(120, 40), (120, 40));
        assert_eq!(clamp_size(5_000, 30), (MAX_SIZE.0, 30));
    }
}
