//! A line diff, to show what a pasted or edited policy changes against the fetched one (the
//! policy editor's).

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    Same(String),
    Removed(String),
    Added(String),
}

/// Above this many line pairs the middle of the two texts is shown as removed then added,
/// instead of aligned: the table would cost more than a diff is worth.
const MAX_CELLS: usize = 4_000_000;

/// The lines of `old` and `new` (split at LF, a CR before it dropped) as a shortest edit:
/// common prefix and suffix kept, the middle aligned by a longest common subsequence.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = split(old);
    let b: Vec<&str> = split(new);
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);

    let mut out: Vec<DiffLine> = a[..prefix].iter().map(|l| same(l)).collect();
    if mid_a.len().saturating_mul(mid_b.len()) > MAX_CELLS {
        out.extend(mid_a.iter().map(|l| DiffLine::Removed((*l).to_owned())));
        out.extend(mid_b.iter().map(|l| DiffLine::Added((*l).to_owned())));
    } else {
        out.extend(align(mid_a, mid_b));
    }
    out.extend(a[a.len() - suffix..].iter().map(|l| same(l)));
    out
}

/// Whether the diff changes anything.
pub fn has_changes(diff: &[DiffLine]) -> bool {
    diff.iter().any(|d| !matches!(d, DiffLine::Same(_)))
}

fn same(line: &str) -> DiffLine {
    DiffLine::Same(line.to_owned())
}

fn split(text: &str) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// Longest-common-subsequence alignment of two short line lists.
fn align(a: &[&str], b: &[&str]) -> Vec<DiffLine> {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: length of the LCS of a[i..] and b[j..], in one flat table.
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            out.push(same(a[i]));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            out.push(DiffLine::Removed(a[i].to_owned()));
            i += 1;
        } else {
            out.push(DiffLine::Added(b[j].to_owned()));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|l| DiffLine::Removed((*l).to_owned())));
    out.extend(b[j..].iter().map(|l| DiffLine::Added((*l).to_owned())));
    out
}

#[cfg(test)]
mod tests {
    use super::DiffLine::{Added, Removed, Same};
    use super::*;

    fn s(x: &str) -> String {
        x.to_owned()
    }

    #[test]
    fn known_answers() {
        let old = "version: STSv1\nmode: testing\nmx: a.example\nmax_age: 86400\n";
        let new = "version: STSv1\nmode: enforce\nmx: a.example\nmx: b.example\nmax_age: 86400";
        assert_eq!(
            diff_lines(old, new),
            vec![
                Same(s("version: STSv1")),
                Removed(s("mode: testing")),
                Added(s("mode: enforce")),
                Same(s("mx: a.example")),
                Added(s("mx: b.example")),
                Same(s("max_age: 86400")),
            ]
        );
        assert!(!has_changes(&diff_lines("a\r\nb\r\n", "a\nb")));
        assert_eq!(diff_lines("", "x"), vec![Added(s("x"))]);
        assert_eq!(diff_lines("x", ""), vec![Removed(s("x"))]);
        assert_eq!(diff_lines("", ""), vec![]);
    }

    #[test]
    fn every_line_is_accounted_for() {
        let cases = [
            ("a\nb\nc\nd", "b\nx\nd\ne"),
            ("a\na\na", "a"),
            ("x\ny", "y\nx"),
            ("\n\n\n", "\n"),
        ];
        for (old, new) in cases {
            let diff = diff_lines(old, new);
            let back_old: Vec<&str> = diff
                .iter()
                .filter_map(|d| match d {
                    Same(l) | Removed(l) => Some(l.as_str()),
                    Added(_) => None,
                })
                .collect();
            let back_new: Vec<&str> = diff
                .iter()
                .filter_map(|d| match d {
                    Same(l) | Added(l) => Some(l.as_str()),
                    Removed(_) => None,
                })
                .collect();
            assert_eq!(back_old, split(old), "{old:?} -> {new:?}");
            assert_eq!(back_new, split(new), "{old:?} -> {new:?}");
        }
    }

    #[test]
    fn huge_inputs_fall_back_without_a_table() {
        let old: String = (0..3000).map(|i| format!("a{i}\n")).collect();
        let new: String = (0..3000).map(|i| format!("b{i}\n")).collect();
        let diff = diff_lines(&old, &new);
        assert_eq!(diff.len(), 6000);
    }
}
