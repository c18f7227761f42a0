//! File work off the event loop: a screen hands a job to [`Work`], and its
//! result comes back as one of the screen's own actions.
//!
//! Two kinds of job:
//! - [`Work::run`]: a short job (a save, an export). The loop waits for it a
//!   moment ([`PATIENCE`]), so a save on a working disk is finished before
//!   the next key is read, exactly as if it had run on the loop; a job that
//!   takes longer (a network drive that hangs) goes on by itself and its
//!   result arrives later, while the screen keeps answering keys and
//!   signals.
//! - [`Work::spawn`]: a long job (reading a team folder) that posts its
//!   progress as it goes; the screen draws between posts.
//!
//! In tests, [`Work::inline`] runs every job at once on the caller's thread
//! and keeps what long jobs post for [`Work::take_posted`].

use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// How long the loop waits for a short job before going on without it.
pub const PATIENCE: Duration = Duration::from_millis(150);

/// Where a job's results go: the loop's channel, or a list (tests).
pub struct Work<A> {
    post: Arc<dyn Fn(A) -> bool + Send + Sync>,
    /// Jobs run on the caller's thread.
    inline: bool,
    /// What inline long jobs posted (none for mapped work: its posts go to
    /// the list of the work it was mapped from).
    kept: Option<Arc<Mutex<Vec<A>>>>,
}

impl<A> Clone for Work<A> {
    fn clone(&self) -> Self {
        Work {
            post: Arc::clone(&self.post),
            inline: self.inline,
            kept: self.kept.clone(),
        }
    }
}

impl<A> std::fmt::Debug for Work<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Work")
            .field("inline", &self.inline)
            .finish_non_exhaustive()
    }
}

impl<A: Send + 'static> Work<A> {
    /// Work whose results `post` hands to the loop; `post` says whether
    /// the loop is still there to take them.
    pub fn new(post: impl Fn(A) -> bool + Send + Sync + 'static) -> Work<A> {
        Work {
            post: Arc::new(post),
            inline: false,
            kept: None,
        }
    }

    /// Work done at once on the caller's thread (tests, and the text
    /// commands that have no loop).
    #[must_use]
    pub fn inline() -> Work<A> {
        let kept: Arc<Mutex<Vec<A>>> = Arc::new(Mutex::new(Vec::new()));
        let into = Arc::clone(&kept);
        Work {
            post: Arc::new(move |action| {
                if let Ok(mut kept) = into.lock() {
                    kept.push(action);
                }
                true
            }),
            inline: true,
            kept: Some(kept),
        }
    }

    /// What long jobs posted so far (inline work only; empty otherwise).
    pub fn take_posted(&self) -> Vec<A> {
        self.kept
            .as_ref()
            .and_then(|kept| kept.lock().ok().map(|mut kept| std::mem::take(&mut *kept)))
            .unwrap_or_default()
    }

    /// Hands `action` to the screen; false when nothing takes it any more
    /// (the screen has ended), so a long job can stop.
    pub fn post(&self, action: A) -> bool {
        (self.post)(action)
    }

    /// Work for a part of the screen whose actions are wrapped in the
    /// screen's own (a planner opened from the team view).
    pub fn map<B: Send + 'static>(&self, wrap: impl Fn(B) -> A + Send + Sync + 'static) -> Work<B> {
        let post = Arc::clone(&self.post);
        Work {
            post: Arc::new(move |action| post(wrap(action))),
            inline: self.inline,
            kept: None,
        }
    }

    /// Runs `job` off the loop, waiting for it at most [`PATIENCE`]: its
    /// result when it finished in that time, else `None`, and the result is
    /// posted when the job ends.
    pub fn run(&self, job: impl FnOnce() -> A + Send + 'static) -> Option<A> {
        if self.inline {
            return Some(job());
        }
        // A channel without room: the job's `send` succeeds only while the
        // loop is waiting in `recv_timeout`. Once the loop has given up and
        // dropped its end, `send` gives the result back, to be posted.
        let (sender, receiver) = mpsc::sync_channel::<A>(0);
        let post = Arc::clone(&self.post);
        std::thread::spawn(move || {
            if let Err(mpsc::SendError(result)) = sender.send(job()) {
                post(result);
            }
        });
        receiver.recv_timeout(PATIENCE).ok()
    }

    /// Runs `job` off the loop; it posts what it has as it goes.
    pub fn spawn(&self, job: impl FnOnce(&Work<A>) + Send + 'static) {
        let work = self.clone();
        if self.inline {
            job(&work);
        } else {
            std::thread::spawn(move || job(&work));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quick_job_is_done_before_run_returns() {
        let (sender, receiver) = mpsc::channel();
        let work = Work::new(move |n: u32| sender.send(n).is_ok());
        assert_eq!(work.run(|| 7), Some(7));
        assert!(receiver.try_recv().is_err(), "nothing posted twice");
    }

    #[test]
    fn a_slow_job_frees_the_caller_and_posts_its_result() {
        let (sender, receiver) = mpsc::channel();
        let work = Work::new(move |n: u32| sender.send(n).is_ok());
        let (release, wait) = mpsc::channel::<()>();
        let started = std::time::Instant::now();
        let result = work.run(move || {
            let _ = wait.recv();
            9
        });
        assert_eq!(result, None);
        assert!(started.elapsed() < PATIENCE * 10, "the caller went on");
        release.send(()).expect("the job waits");
        assert_eq!(receiver.recv_timeout(Duration::from_secs(10)), Ok(9));
    }

    #[test]
    fn a_long_job_posts_as_it_goes() {
        let (sender, receiver) = mpsc::channel();
        let work = Work::new(move |n: u32| sender.send(n).is_ok());
        work.spawn(|work| {
            for n in 0..3 {
                work.post(n);
            }
        });
        let got: Vec<u32> = (0..3)
            .map(|_| {
                receiver
                    .recv_timeout(Duration::from_secs(10))
                    .expect("posted")
            })
            .collect();
        assert_eq!(got, [0, 1, 2]);
    }

    #[test]
    fn inline_work_runs_at_once_and_keeps_posts() {
        let work = Work::inline();
        assert_eq!(work.run(|| 1), Some(1));
        work.spawn(|work| {
            work.post(2);
            work.post(3);
        });
        assert_eq!(work.take_posted(), [2, 3]);
        let mapped = work.map(|n: u8| u32::from(n) * 10);
        mapped.spawn(|work| {
            work.post(4);
        });
        assert_eq!(work.take_posted(), [40]);
    }
}
