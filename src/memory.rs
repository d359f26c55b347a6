//! What this browser saw of each domain it checked (the engine's monitor `Snapshot`), kept in
//! localStorage only, so that the next check of the domain can say what changed. Nothing here
//! is ever sent anywhere.
//!
//! Storage may be full, turned off or hold anything (another tab, an extension, a person with
//! the developer tools): a value that does not read as a snapshot of the domain is no
//! snapshot, and a write that fails is dropped. Neither ever stops a check.

use mta_sts::monitor::Snapshot;
use mta_sts::Finding;

/// One key per domain: `mta-sts-checker.seen.<domain>`.
const PREFIX: &str = "mta-sts-checker.seen.";

/// The most domains remembered; the oldest check goes first.
pub const MAX_DOMAINS: usize = 50;

/// A stored value longer than this is no snapshot (one is well under 2 KB even with ten MX
/// hosts): it is not parsed.
const MAX_VALUE_CHARS: usize = 16 * 1024;

/// What the changes card of one report says about the memory.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Remembering {
    /// Turned off in the settings when the check started: nothing compared, nothing kept.
    #[default]
    Off,
    /// The check compares with what was kept, and keeps what it saw.
    On,
    /// The person forgot the domain from the card.
    Forgotten,
    /// The browser would not keep anything (storage turned off or full).
    Unavailable,
}

/// What the memory adds to the report of one check.
#[derive(Clone, Default)]
pub struct Recall {
    pub state: Remembering,
    /// What the last check of the domain in this browser saw.
    pub previous: Option<Snapshot>,
    /// This check against `previous`, once it is done.
    pub changes: Option<Vec<Finding>>,
    /// Until when senders may keep the policy this check fetched, once it is done.
    pub live_until: Option<String>,
    pub done: bool,
}

/// The storage, behind a seam so that the logic is tested without a browser.
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    /// False when the browser refused (quota, storage turned off).
    fn set(&self, key: &str, value: &str) -> bool;
    fn remove(&self, key: &str);
    fn keys(&self) -> Vec<String>;
}

impl Store for web_sys::Storage {
    fn get(&self, key: &str) -> Option<String> {
        self.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> bool {
        self.set_item(key, value).is_ok()
    }

    fn remove(&self, key: &str) {
        let _ = self.remove_item(key);
    }

    fn keys(&self) -> Vec<String> {
        let n = self.length().unwrap_or(0);
        (0..n).filter_map(|i| self.key(i).ok().flatten()).collect()
    }
}

fn key(domain: &str) -> String {
    format!("{PREFIX}{domain}")
}

/// What the last check of `domain` in this browser saw, if it reads as such.
pub fn recall(store: &impl Store, domain: &str) -> Option<Snapshot> {
    read(&store.get(&key(domain))?).filter(|s| s.domain == domain)
}

fn read(text: &str) -> Option<Snapshot> {
    if text.len() > MAX_VALUE_CHARS {
        return None;
    }
    Snapshot::from_json(text).ok()
}

/// Keeps `snapshot` as the last check of its domain, replacing what was there (also a value
/// that did not read). Over [`MAX_DOMAINS`], the domains checked longest ago are dropped,
/// those whose value does not read first. False when the browser would not keep it.
pub fn keep(store: &impl Store, snapshot: &Snapshot) -> bool {
    let own = key(&snapshot.domain);
    let mut others: Vec<(i64, String)> = store
        .keys()
        .into_iter()
        .filter(|k| k.starts_with(PREFIX) && *k != own)
        .map(|k| {
            let at = store
                .get(&k)
                .and_then(|v| read(&v))
                .map_or(i64::MIN, |s| s.checked_at_unix);
            (at, k)
        })
        .collect();
    // Over the cap, the oldest go; when the browser is full, one more.
    drop_oldest(store, &mut others, MAX_DOMAINS - 1);
    let text = snapshot.to_json();
    // Should it still fail, the last snapshot kept stays, dated: the next check compares with
    // it and says since when.
    if store.set(&own, &text) {
        return true;
    }
    if others.is_empty() {
        return false;
    }
    let keep = others.len() - 1;
    drop_oldest(store, &mut others, keep);
    store.set(&own, &text)
}

/// Removes the oldest of `others` until `keep` are left. No sort: the page pays for each sort
/// it carries, and fifty entries take no time.
fn drop_oldest(store: &impl Store, others: &mut Vec<(i64, String)>, keep: usize) {
    while others.len() > keep {
        let Some(oldest) = (0..others.len()).min_by_key(|&i| others[i].0) else {
            break;
        };
        store.remove(&others.swap_remove(oldest).1);
    }
}

/// Forgets `domain`.
pub fn forget(store: &impl Store, domain: &str) {
    store.remove(&key(domain));
}

/// Forgets every domain; other settings stay.
pub fn forget_all(store: &impl Store) {
    for k in store.keys() {
        if k.starts_with(PREFIX) {
            store.remove(&k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mta_sts::monitor::Seen;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    /// localStorage as a map; `room` is how many values it takes before it refuses.
    #[derive(Default)]
    struct Map {
        items: RefCell<BTreeMap<String, String>>,
        room: Option<usize>,
    }

    impl Store for Map {
        fn get(&self, key: &str) -> Option<String> {
            self.items.borrow().get(key).cloned()
        }
        fn set(&self, key: &str, value: &str) -> bool {
            let mut items = self.items.borrow_mut();
            if self
                .room
                .is_some_and(|r| items.len() >= r && !items.contains_key(key))
            {
                return false;
            }
            items.insert(key.into(), value.into());
            true
        }
        fn remove(&self, key: &str) {
            self.items.borrow_mut().remove(key);
        }
        fn keys(&self) -> Vec<String> {
            self.items.borrow().keys().cloned().collect()
        }
    }

    fn seen(domain: &str, at: i64) -> Snapshot {
        Snapshot {
            domain: domain.into(),
            checked_at_unix: at,
            record: Seen::Present,
            record_ids: vec!["20261204T000000Z".into()],
            policy: Seen::Present,
            policy_hash: Some("0123456789abcdef".into()),
            mode: Some(mta_sts::policy::Mode::Enforce),
            max_age: Some(604_800),
            mx_patterns: vec!["mx.example.com".into()],
            mx_hosts: Some(vec!["mx.example.com".into()]),
            certificates: Vec::new(),
        }
    }

    #[test]
    fn keeps_and_recalls_a_snapshot() {
        let store = Map::default();
        assert_eq!(recall(&store, "example.com"), None);
        keep(&store, &seen("example.com", 100));
        assert_eq!(
            recall(&store, "example.com"),
            Some(seen("example.com", 100))
        );
        keep(&store, &seen("example.com", 200));
        assert_eq!(
            recall(&store, "example.com").map(|s| s.checked_at_unix),
            Some(200)
        );
        assert_eq!(store.keys(), ["mta-sts-checker.seen.example.com"]);
    }

    #[test]
    fn a_bad_value_is_none_and_is_overwritten() {
        let store = Map::default();
        let k = "mta-sts-checker.seen.example.com";
        for bad in [
            "",
            "{",
            "null",
            "{\"domain\":1}",
            "<script>alert(1)</script>",
        ] {
            store.set(k, bad);
            assert_eq!(recall(&store, "example.com"), None, "{bad:?}");
        }
        // Another domain's snapshot under this key is not this domain's.
        store.set(k, &seen("other.example", 1).to_json());
        assert_eq!(recall(&store, "example.com"), None);
        store.set(k, &"x".repeat(MAX_VALUE_CHARS + 1));
        assert_eq!(recall(&store, "example.com"), None);
        keep(&store, &seen("example.com", 5));
        assert_eq!(recall(&store, "example.com"), Some(seen("example.com", 5)));
    }

    #[test]
    fn drops_the_oldest_over_the_cap() {
        let store = Map::default();
        store.set("mta-sts-checker.resolver", "google");
        store.set("mta-sts-checker.seen.broken.example", "not json");
        for i in 0..MAX_DOMAINS {
            keep(&store, &seen(&format!("d{i}.example"), 1000 + i as i64));
        }
        // The unreadable value went first, to make room for the 50th.
        assert_eq!(
            recall(&store, "d0.example").map(|s| s.checked_at_unix),
            Some(1000)
        );
        assert_eq!(store.get("mta-sts-checker.seen.broken.example"), None);
        keep(&store, &seen("new.example", 5000));
        assert_eq!(recall(&store, "d0.example"), None);
        assert!(recall(&store, "d1.example").is_some());
        assert!(recall(&store, "new.example").is_some());
        let kept = store
            .keys()
            .iter()
            .filter(|k| k.starts_with(PREFIX))
            .count();
        assert_eq!(kept, MAX_DOMAINS);
        assert_eq!(
            store.get("mta-sts-checker.resolver").as_deref(),
            Some("google")
        );
    }

    #[test]
    fn a_full_store_makes_room_or_keeps_nothing_stale() {
        let store = Map {
            room: Some(2),
            ..Map::default()
        };
        assert!(keep(&store, &seen("a.example", 1)));
        assert!(keep(&store, &seen("b.example", 2)));
        assert!(keep(&store, &seen("c.example", 3)));
        assert_eq!(recall(&store, "a.example"), None);
        assert!(recall(&store, "c.example").is_some());
        let none = Map {
            room: Some(0),
            ..Map::default()
        };
        // Nothing kept, and the page is told so (it says so on the card).
        assert!(!keep(&none, &seen("a.example", 1)));
        assert!(none.keys().is_empty());
    }

    #[test]
    fn forgets_one_domain_or_all() {
        let store = Map::default();
        store.set("mta-sts-checker.relay", "https://relay.example");
        keep(&store, &seen("a.example", 1));
        keep(&store, &seen("b.example", 2));
        forget(&store, "a.example");
        assert_eq!(recall(&store, "a.example"), None);
        assert!(recall(&store, "b.example").is_some());
        forget_all(&store);
        assert_eq!(store.keys(), ["mta-sts-checker.relay"]);
    }
}
