//! A bug in one file's processing costs that file (or that article), never the run: the work of a
//! stage runs under [`guarded`], which turns a panic into an [`InternalError`] that the caller
//! reports as a skipped file and goes on.
//!
//! [`install_panic_hook`] (called once by the binary) keeps such caught panics off stderr, since the
//! skip report already says what happened and where; panics outside guarded work print as usual.
//! [`inject_fault`] is the hook tests use to prove all this on a real run: in debug builds, the
//! environment variable `NEWSDEX_INJECT_PANIC=STAGE:MARKER` makes `STAGE` panic on any input
//! that contains `MARKER`. Release builds compile it to nothing.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

/// A stage of the `index` and `extract` pipelines that runs guarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading a file's bytes into articles.
    Reading,
    /// Filling an article's fields from its text.
    Extraction,
    /// Turning an article into an index document and queueing it.
    Writing,
    /// Making the queued articles visible (never skipped: a failed commit fails the run, and the
    /// previous commit stays as it was).
    Commit,
    /// Regrouping the stories after a commit (a failure is a warning: the commit stands, and
    /// search regroups when it finds the table missing).
    Grouping,
}

impl Stage {
    /// The stage's name in messages and in `NEWSDEX_INJECT_PANIC`.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Reading => "reading",
            Stage::Extraction => "extraction",
            Stage::Writing => "writing",
            Stage::Commit => "commit",
            Stage::Grouping => "grouping",
        }
    }

    /// What the user can do about a bug in this stage.
    fn advice(self) -> &'static str {
        match self {
            Stage::Commit => "a bug: please report it; the previous commit is intact",
            Stage::Grouping => "a bug: please report it; the index is committed",
            _ => "a bug: please report it with this file",
        }
    }
}

/// A panic caught in guarded work: a bug in newsdex, reported with the input that caused it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("internal error in {}: {message} ({})", stage.name(), stage.advice())]
pub struct InternalError {
    /// The pipeline stage the panic happened in.
    pub stage: Stage,
    /// The panic's message, with the source location when the hook caught it.
    pub message: String,
}

thread_local! {
    /// How many guarded calls this thread is inside.
    static GUARDED_DEPTH: Cell<usize> = const { Cell::new(0) };
    /// What the hook recorded of the last panic in guarded work on this thread.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `work`; a panic inside it becomes an [`InternalError`] of `stage`.
pub(crate) fn guarded<T>(stage: Stage, work: impl FnOnce() -> T) -> Result<T, InternalError> {
    GUARDED_DEPTH.with(|depth| depth.set(depth.get() + 1));
    let outcome = catch_unwind(AssertUnwindSafe(work));
    GUARDED_DEPTH.with(|depth| depth.set(depth.get() - 1));
    outcome.map_err(|payload| {
        let recorded = CAUGHT.with(|caught| caught.borrow_mut().take());
        InternalError { stage, message: recorded.unwrap_or_else(|| payload_message(payload.as_ref())) }
    })
}

/// Installs (once) a panic hook that records panics inside [`guarded`] work, with their source
/// location, instead of printing them; other panics go to the hook that was there before.
pub fn install_panic_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED_DEPTH.with(Cell::get) == 0 {
                previous(info);
                return;
            }
            let location = info.location().map(|at| format!(" at {}:{}", at.file(), at.line())).unwrap_or_default();
            let message = format!("{}{location}", payload_message(info.payload()));
            CAUGHT.with(|caught| *caught.borrow_mut() = Some(message));
        }));
    });
}

/// The text of a panic payload (`panic!("…")` gives a `&str` or a `String`).
fn payload_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_string())
}

/// Test hook (debug builds only): panics when `NEWSDEX_INJECT_PANIC` is `STAGE:MARKER` for this
/// `stage` and `input` contains `MARKER`. A no-op in release builds.
#[inline]
pub fn inject_fault(stage: Stage, input: &str) {
    #[cfg(debug_assertions)]
    {
        static FAULT: std::sync::OnceLock<Option<(String, String)>> = std::sync::OnceLock::new();
        let fault = FAULT.get_or_init(|| {
            let value = std::env::var("NEWSDEX_INJECT_PANIC").ok()?;
            let (stage, marker) = value.split_once(':')?;
            Some((stage.to_string(), marker.to_string()))
        });
        if let Some((fault_stage, marker)) = fault
            && fault_stage == stage.name()
            && input.contains(marker.as_str())
        {
            panic!("injected fault in {} (NEWSDEX_INJECT_PANIC)", stage.name());
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = (stage, input);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error_with_its_message() {
        install_panic_hook();
        let caught = guarded(Stage::Extraction, || -> usize { panic!("index out of range") }).unwrap_err();
        assert_eq!(caught.stage, Stage::Extraction);
        assert!(caught.message.starts_with("index out of range at src/guard.rs:"), "{caught}");
        assert!(caught.to_string().starts_with("internal error in extraction: index out of range"), "{caught}");
        assert!(caught.to_string().ends_with("(a bug: please report it with this file)"));
        assert_eq!(guarded(Stage::Reading, || 7), Ok(7));
    }

    #[test]
    fn formatted_panics_and_nested_guards() {
        let outer = guarded(Stage::Reading, || {
            let inner = guarded(Stage::Writing, || -> () { panic!("bad {}", 42) });
            assert_eq!(inner.as_ref().map_err(|error| error.stage), Err(Stage::Writing));
            assert!(inner.unwrap_err().message.starts_with("bad 42"));
            "outer survives"
        });
        assert_eq!(outer, Ok("outer survives"));
    }
}
