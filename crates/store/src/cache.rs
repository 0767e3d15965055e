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
}

impl<V> std::fmt::Debug for RevisionCache<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = self.entries.lock().map(|e| e.len()).unwrap_or(0);
        f.debug_struct("RevisionCache").field("entries", &len).field("capacity", &self.capacity).finish()
    }
}

impl<V> RevisionCache<V> {
    pub fn new(capacity: usize) -> Self {
        RevisionCache { entries: Mutex::new(HashMap::new()), capacity: capacity.max(1) }
    }

    /// The value for the key if it was computed at this revision.
    pub fn get(&self, key: &str, revision: i64) -> Option<Arc<V>> {
        let entries = self.entries.lock().expect("cache lock");
        entries.get(key).filter(|(r, _)| *r == revision).map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: String, revision: i64, value: Arc<V>) {
        let mut entries = self.entries.lock().expect("cache lock");
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
}
