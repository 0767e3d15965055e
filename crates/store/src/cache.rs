//! Values read or derived from a council's facts (its definitions, an
//! evaluated dashboard), kept in memory until the council changes. Every applied change set moves the
//! council's revision in the same transaction (see `Store::revision`), so a
//! value is served only while the revision it was computed at is current:
//! nothing stale is ever shown.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct RevisionCache<V> {
    entries: Mutex<HashMap<String, (i64, Arc<V>)>>,
    capacity: usize,
    /// One gate per key being computed: readers arriving together after a
    /// write wait for one computation instead of each doing it.
    computing: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl<V> std::fmt::Debug for RevisionCache<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = self.entries.lock().map(|e| e.len()).unwrap_or(0);
        f.debug_struct("RevisionCache").field("entries", &len).field("capacity", &self.capacity).finish()
    }
}

impl<V> RevisionCache<V> {
    pub fn new(capacity: usize) -> Self {
        RevisionCache { entries: Mutex::new(HashMap::new()), capacity: capacity.max(1), computing: Mutex::default() }
    }

    /// The value for the key at this revision: kept, or computed once however
    /// many ask for it at the same time (the others wait and share it).
    pub async fn get_or_compute<E>(
        &self,
        key: String,
        revision: i64,
        compute: impl AsyncFnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
        if let Some(hit) = self.get(&key, revision) {
            return Ok(hit);
        }
        let gate = self.computing.lock().expect("cache lock").entry(key.clone()).or_default().clone();
        let turn = gate.lock().await;
        // Whoever held the gate before may have computed it meanwhile.
        let result = match self.get(&key, revision) {
            Some(hit) => Ok(hit),
            None => match compute().await {
                Ok(value) => {
                    let value = Arc::new(value);
                    self.put(key.clone(), revision, value.clone());
                    Ok(value)
                }
                Err(e) => Err(e),
            },
        };
        drop(turn);
        // Gates are cloned only under this lock: the map's and ours alone mean no one waits.
        let mut computing = self.computing.lock().expect("cache lock");
        if computing.get(&key).is_some_and(|g| Arc::strong_count(g) <= 2) {
            computing.remove(&key);
        }
        result
    }

    /// The value for the key if it was computed at this revision.
    pub fn get(&self, key: &str, revision: i64) -> Option<Arc<V>> {
        let entries = self.entries.lock().expect("cache lock");
        entries.get(key).filter(|(r, _)| *r == revision).map(|(_, v)| v.clone())
    }

    /// Keeps the value for the key at this revision. Keys start with the
    /// council's slug (`stevenage|2020/21-Q2|...`): whatever was kept for the
    /// same council at an older revision can never be served again, so it is
    /// dropped now rather than held until the cache is full.
    pub fn put(&self, key: String, revision: i64, value: Arc<V>) {
        let mut entries = self.entries.lock().expect("cache lock");
        let council = |k: &str| k.split('|').next().unwrap_or_default().to_string();
        let this = council(&key);
        entries.retain(|k, (r, _)| *r >= revision || council(k) != this);
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            // Stale entries go first; otherwise any one (the cache only saves work).
            let victim = entries.iter().min_by_key(|(_, (r, _))| *r).map(|(k, _)| k.clone());
            if let Some(victim) = victim {
                entries.remove(&victim);
            }
        }
        entries.insert(key, (revision, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_served_only_at_its_revision() {
        let cache = RevisionCache::new(2);
        cache.put("a".into(), 1, Arc::new("one"));
        assert_eq!(cache.get("a", 1).as_deref(), Some(&"one"));
        assert_eq!(cache.get("a", 2), None, "the council changed");
        cache.put("b".into(), 1, Arc::new("two"));
        cache.put("c".into(), 2, Arc::new("three"));
        assert_eq!(cache.get("c", 2).as_deref(), Some(&"three"));
        assert!(cache.entries.lock().unwrap().len() <= 2, "bounded");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn readers_arriving_together_share_one_computation() {
        let cache = Arc::new(RevisionCache::<u32>::new(4));
        let computed = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let readers = (0..8).map(|_| {
            let (cache, computed) = (cache.clone(), computed.clone());
            tokio::spawn(async move {
                cache
                    .get_or_compute("stevenage|2020/21-Q2".into(), 7, async || {
                        computed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Ok::<u32, ()>(42)
                    })
                    .await
            })
        });
        for reader in readers.collect::<Vec<_>>() {
            assert_eq!(*reader.await.unwrap().unwrap(), 42);
        }
        assert_eq!(computed.load(std::sync::atomic::Ordering::SeqCst), 1, "computed once for eight readers");
        assert!(cache.computing.lock().unwrap().is_empty(), "no gate left behind");
        let failed = cache.get_or_compute("stevenage|2020/21-Q3".into(), 7, async || Err::<u32, &str>("no")).await;
        assert_eq!(failed.unwrap_err(), "no", "an error is returned and nothing kept");
        assert_eq!(cache.get("stevenage|2020/21-Q3", 7), None);
    }

    #[test]
    fn a_newer_revision_drops_what_was_kept_for_the_same_council_only() {
        let cache = RevisionCache::new(10);
        cache.put("stevenage|2020/21-Q2".into(), 1, Arc::new("q2"));
        cache.put("stevenage|2020/21-Q1".into(), 1, Arc::new("q1"));
        cache.put("epping-forest|2019/20-Q3".into(), 1, Arc::new("epping"));
        cache.put("stevenage|2020/21-Q2".into(), 2, Arc::new("q2 again"));
        let keys: std::collections::BTreeSet<String> = cache.entries.lock().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            ["epping-forest|2019/20-Q3", "stevenage|2020/21-Q2"].map(String::from).into(),
            "stale Q1 dropped"
        );
        assert_eq!(cache.get("epping-forest|2019/20-Q3", 1).as_deref(), Some(&"epping"), "another council's is kept");
    }
}

/// Facts read from the database and trusted for a short while: a council's
/// revision, a session. Changes made through this process forget the entry at
/// once; changes made by another process (the command line, a second server)
/// are seen within `for_at_most`.
pub struct RecentlyRead<V> {
    entries: Mutex<HashMap<String, (std::time::Instant, V)>>,
    for_at_most: std::time::Duration,
}

impl<V: Clone> RecentlyRead<V> {
    pub fn new(for_at_most: std::time::Duration) -> Self {
        RecentlyRead { entries: Mutex::new(HashMap::new()), for_at_most }
    }

    pub fn get(&self, key: &str) -> Option<V> {
        let entries = self.entries.lock().expect("cache lock");
        entries.get(key).filter(|(at, _)| at.elapsed() < self.for_at_most).map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: String, value: V) {
        let mut entries = self.entries.lock().expect("cache lock");
        // Keep the map small: drop what has gone stale whenever it grows.
        if entries.len() >= 10_000 {
            let limit = self.for_at_most;
            entries.retain(|_, (at, _)| at.elapsed() < limit);
        }
        entries.insert(key, (std::time::Instant::now(), value));
    }

    pub fn forget(&self, key: &str) {
        self.entries.lock().expect("cache lock").remove(key);
    }

    pub fn forget_all(&self) {
        self.entries.lock().expect("cache lock").clear();
    }
}

impl<V> std::fmt::Debug for RecentlyRead<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecentlyRead").field("for_at_most", &self.for_at_most).finish()
    }
}

/// How long a council's revision, once read, is trusted: a change made through
/// another process (a second server, the command line) is seen this long after
/// it is committed, at most. (Changes through this process are seen at once.)
pub const REVISION_TRUSTED_FOR: std::time::Duration = std::time::Duration::from_millis(250);

/// How long a session, once read, is trusted: signing out (or a password
/// reset) on another server ends the session here this long after, at most.
pub const SESSION_TRUSTED_FOR: std::time::Duration = std::time::Duration::from_secs(1);

/// What a store trusts for a moment instead of asking the database on every
/// page: council revisions and sessions, for the times above. See
/// [`RecentlyRead`] for why that is safe.
#[derive(Debug)]
pub struct Recent {
    pub revisions: RecentlyRead<Option<i64>>,
    pub sessions: RecentlyRead<Option<(crate::SessionRecord, crate::User)>>,
}

impl Default for Recent {
    fn default() -> Self {
        Recent { revisions: RecentlyRead::new(REVISION_TRUSTED_FOR), sessions: RecentlyRead::new(SESSION_TRUSTED_FOR) }
    }
}

/// What a store keeps per council revision: the definitions, and the
/// periods that have results (asked on every page that opens on the default
/// quarter; a scan of every result to answer afresh).
#[derive(Debug)]
pub struct Kept {
    pub councils: RevisionCache<crate::Council>,
    pub result_periods: RevisionCache<Vec<outturn_core::Period>>,
    pub histories: crate::kept_history::KeptHistories,
}

impl Default for Kept {
    fn default() -> Self {
        Kept { councils: RevisionCache::new(32), result_periods: RevisionCache::new(32), histories: Default::default() }
    }
}
