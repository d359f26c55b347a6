//! One small sort for the short lists of the code the web pages compile (a domain's MX hosts,
//! a policy's lines, the resolvers that answered, a report's findings).
//!
//! Why not the standard library's: every `sort`, `sort_unstable` or `sort_by` call on a new
//! element type brings its own quicksort, heapsort and small-sort into the WebAssembly, a few
//! KB each; this insertion sort is a few dozen bytes a type. It takes time quadratic in the
//! length, so it is for lists of a few dozen items at most, which is what these are; lists of
//! unbounded length (a report archive's entries, many reports' failures) and native-only code
//! keep the standard sorts.

/// Sorts `v` in place, stable: items that are not `less` than one another keep their order.
/// `less(a, b)` is true when `a` goes before `b`.
pub fn sort_small<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// A set of strings kept as a sorted list, for the pages: a `BTreeSet` brings kilobytes of
/// tree code into the WebAssembly, this a binary search. An insert moves the items after it,
/// which for the few thousand mx lines of the largest policy is still milliseconds.
#[derive(Debug, Default)]
pub struct StringSet(Vec<String>);

impl StringSet {
    pub fn new() -> StringSet {
        StringSet(Vec::new())
    }

    /// Adds `item`; false when it was there already.
    pub fn insert(&mut self, item: String) -> bool {
        match self.0.binary_search(&item) {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, item);
                true
            }
        }
    }

    pub fn contains(&self, item: &str) -> bool {
        self.0.binary_search_by(|x| x.as_str().cmp(item)).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::{sort_small, StringSet};

    #[test]
    fn a_string_set_holds_each_item_once() {
        let mut set = StringSet::new();
        for (item, new) in [
            ("b", true),
            ("a", true),
            ("c", true),
            ("b", false),
            ("a", false),
        ] {
            assert_eq!(set.insert(item.into()), new, "{item}");
        }
        assert!(set.contains("a") && set.contains("b") && set.contains("c"));
        assert!(!set.contains("d") && !set.contains(""));
    }

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Every list of length up to 6 over three keys, each item tagged with its position:
        // equal keys must keep their order, as the standard library's stable sort keeps it.
        for len in 0..=6u32 {
            for code in 0..3u32.pow(len) {
                let v: Vec<(u32, usize)> = (0..len)
                    .map(|i| (code / 3u32.pow(i) % 3, i as usize))
                    .collect();
                let mut got = v.clone();
                sort_small(&mut got, |a, b| a.0 < b.0);
                let mut want = v;
                want.sort_by_key(|x| x.0);
                assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn sorts_descending_with_a_reversed_order() {
        let mut v = [3, 1, 4, 1, 5, 9, 2, 6];
        sort_small(&mut v, |a, b| a > b);
        assert_eq!(v, [9, 6, 5, 4, 3, 2, 1, 1]);
    }
}
