//! What every request shares: the index (opened on first use, reopened after a failure) and the
//! turns of the searches allowed to run at once.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::Limits;
use crate::error::{Error, ErrorKind, Result};
use crate::index::reader;
use crate::search::Searcher;

/// The state behind every handler.
pub(crate) struct ServerState {
    pub(crate) index: IndexSlot,
    pub(crate) limits: Limits,
    pub(crate) turns: SearchTurns,
}

impl ServerState {
    pub(crate) fn new(index_dir: PathBuf, limits: Limits) -> ServerState {
        let turns = SearchTurns::new(limits.max_searches, limits.queue_wait);
        ServerState { index: IndexSlot::new(index_dir), limits, turns }
    }
}

/// The index the server searches, opened when first needed.
///
/// tantivy's reader reloads shortly after each commit (see [`crate::index::reader::open`]), and a
/// commit replaces `meta.json` at once, so a search sees the previous commit or the new one, never
/// a half-written index. What reloading cannot mend (the folder removed, an index rebuilt with
/// another schema) fails a search; the searcher is then dropped and the next request opens the
/// folder anew.
pub(crate) struct IndexSlot {
    dir: PathBuf,
    current: Mutex<Option<Arc<Searcher>>>,
}

impl IndexSlot {
    fn new(dir: PathBuf) -> IndexSlot {
        IndexSlot { dir, current: Mutex::new(None) }
    }

    /// The searcher, opening the index if it is not open: [`Error::IndexMissing`] or
    /// [`Error::IndexEmpty`] while there is nothing to search yet. Blocks on file I/O.
    pub(crate) fn searcher(&self) -> Result<Arc<Searcher>> {
        let mut current = self.current.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(searcher) = current.as_ref() {
            return Ok(Arc::clone(searcher));
        }
        let opened = Arc::new(Searcher::new(reader::open(&self.dir)?));
        *current = Some(Arc::clone(&opened));
        Ok(opened)
    }

    /// After `error` from `used`: a failure that is not the request's fault may be the index
    /// changing under the reader, so `used` is dropped (unless another request already did) and
    /// the next request reopens the folder.
    pub(crate) fn failed(&self, used: &Arc<Searcher>, error: &Error) {
        if !matches!(error.kind(), ErrorKind::Failed | ErrorKind::Internal) {
            return;
        }
        let mut current = self.current.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if current.as_ref().is_some_and(|known| Arc::ptr_eq(known, used)) {
            *current = None;
        }
    }
}

/// At most a fixed number of searches at once; a search waits its turn (first come, first served)
/// for a bounded time.
pub(crate) struct SearchTurns {
    semaphore: Arc<Semaphore>,
    max: usize,
    wait: Duration,
}

/// No turn came within the wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Busy {
    /// Searches allowed at once.
    pub(crate) max: usize,
}

impl SearchTurns {
    pub(crate) fn new(max: usize, wait: Duration) -> SearchTurns {
        let max = max.max(1);
        SearchTurns { semaphore: Arc::new(Semaphore::new(max)), max, wait }
    }

    /// A turn, held until the permit is dropped; [`Busy`] after waiting the whole wait.
    pub(crate) async fn take(&self) -> std::result::Result<OwnedSemaphorePermit, Busy> {
        let busy = Busy { max: self.max };
        match tokio::time::timeout(self.wait, Arc::clone(&self.semaphore).acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            // The semaphore is never closed; a closed one would mean no turn ever comes.
            Ok(Err(_)) | Err(_) => Err(busy),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_search_waits_its_turn_then_is_turned_away() {
        let turns = SearchTurns::new(2, Duration::from_millis(50));
        let first = turns.take().await.expect("a free turn");
        let _second = turns.take().await.expect("a free turn");
        let started = std::time::Instant::now();
        assert_eq!(turns.take().await.err(), Some(Busy { max: 2 }));
        assert!(started.elapsed() >= Duration::from_millis(50), "waited the whole wait");
        drop(first);
        assert!(turns.take().await.is_ok(), "a turn given back is taken");
    }

    #[tokio::test]
    async fn a_waiting_search_gets_the_turn_given_back() {
        let turns = Arc::new(SearchTurns::new(1, Duration::from_secs(5)));
        let held = turns.take().await.expect("a free turn");
        let waiting = tokio::spawn({
            let turns = Arc::clone(&turns);
            async move { turns.take().await.is_ok() }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        drop(held);
        assert!(waiting.await.expect("the task runs"));
    }

    #[test]
    fn a_missing_index_is_reported_as_missing() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let slot = IndexSlot::new(dir.path().join("index"));
        assert!(matches!(slot.searcher(), Err(Error::IndexMissing { .. })));
    }
}
