//! Progress on stderr for long runs, only when stderr is a terminal.
//!
//! A run over a large context file takes seconds; a person at a terminal should see that it
//! is working. Pipes, files and CI logs get nothing: a progress line there is noise. Nothing
//! is shown before the run has taken [`DELAY`], so quick runs print nothing either way.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How long a run goes on before progress appears.
pub const DELAY: Duration = Duration::from_secs(1);
/// The least time between two updates of the line.
const INTERVAL: Duration = Duration::from_millis(100);

/// A progress line (`label: 45000 of 100000 contexts (45%)`) rewritten in place with `\r`.
pub struct Progress<W: Write> {
    out: Option<W>,
    label: String,
    start: Instant,
    delay: Duration,
    last: Option<Instant>,
}

impl Progress<std::io::Stderr> {
    /// Progress on stderr, shown only if stderr is a terminal.
    pub fn stderr(label: &str) -> Progress<std::io::Stderr> {
        let stderr = std::io::stderr();
        let out = stderr.is_terminal().then_some(stderr);
        Progress::new(out, label, DELAY)
    }
}

impl<W: Write> Progress<W> {
    /// Progress written to `out` (none: never shown) once `delay` has passed.
    pub fn new(out: Option<W>, label: &str, delay: Duration) -> Progress<W> {
        Progress {
            out,
            label: label.to_owned(),
            start: Instant::now(),
            delay,
            last: None,
        }
    }

    /// Reports `done` of `total` items; writes only after the delay and at most every
    /// [`INTERVAL`]. Write errors are ignored: progress is never worth failing a run.
    pub fn update(&mut self, done: usize, total: usize) {
        let Some(out) = self.out.as_mut() else {
            return;
        };
        let now = Instant::now();
        if now.duration_since(self.start) < self.delay
            || self
                .last
                .is_some_and(|last| now.duration_since(last) < INTERVAL)
        {
            return;
        }
        self.last = Some(now);
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        let _ = write!(
            out,
            "\r{}: {done} of {total} contexts ({percent}%)",
            self.label
        );
        let _ = out.flush();
    }

    /// Erases the line, if one was shown, so that what follows starts on a clean line.
    pub fn finish(&mut self) {
        if let (Some(out), Some(_)) = (self.out.as_mut(), self.last) {
            let _ = write!(out, "\r\x1b[2K");
            let _ = out.flush();
        }
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_after_the_delay_and_clears_at_the_end() {
        let mut progress = Progress::new(Some(Vec::new()), "diff", Duration::ZERO);
        progress.update(5, 10);
        progress.update(6, 10); // within the interval: not written
        progress.finish();
        let written = String::from_utf8(progress.out.take().unwrap()).unwrap();
        assert_eq!(written, "\rdiff: 5 of 10 contexts (50%)\r\x1b[2K");
    }

    #[test]
    fn nothing_before_the_delay_or_without_a_terminal() {
        let mut quick = Progress::new(Some(Vec::new()), "diff", Duration::from_secs(3600));
        quick.update(1, 2);
        quick.finish();
        assert!(quick.out.take().unwrap().is_empty());
        let mut none: Progress<Vec<u8>> = Progress::new(None, "diff", Duration::ZERO);
        none.update(1, 2);
        none.finish();
        assert!(none.out.is_none());
    }
}
