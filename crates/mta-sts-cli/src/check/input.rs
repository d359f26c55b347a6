//! The domains to check: from the arguments or a list, each read as the page reads its form
//! (a domain, an e-mail address or a URL), a bad one kept with its reason rather than ending
//! the run.

use mta_sts::input::domain_from_input;

/// A list larger than this is refused: ten megabytes is some 300,000 domains.
const MAX_LIST_BYTES: u64 = 10 * 1024 * 1024;

/// One thing to check, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Where it was given: "line 12" of a list, or "argument 2".
    pub place: String,
    /// The text as given (trimmed, comment removed).
    pub input: String,
    /// The domain it names, or why it names none.
    pub domain: Result<String, String>,
}

/// The entries of the command line's arguments.
pub fn from_args(args: &[String]) -> Vec<Entry> {
    args.iter()
        .enumerate()
        .map(|(i, a)| entry(format!("argument {}", i + 1), a.trim()))
        .collect()
}

/// The entries of a list: one per line; blank lines and comments (`#` at the start of a line
/// or after a space: a URL's fragment is no comment) are skipped.
pub fn from_list(text: &str) -> Vec<Entry> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = strip_comment(line).trim();
            (!line.is_empty()).then(|| entry(format!("line {}", i + 1), line))
        })
        .collect()
}

/// Reads a list from `path`, or standard input for `-`.
pub fn read_list(path: &std::ffi::OsStr) -> Result<String, String> {
    let name = path.to_string_lossy();
    let bytes = crate::read::read_capped(path, MAX_LIST_BYTES)?;
    if bytes.len() as u64 > MAX_LIST_BYTES {
        return Err(format!(
            "{name} is larger than {} MiB; split the list",
            MAX_LIST_BYTES / 1024 / 1024
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name} is not UTF-8 text (byte {} is not)",
            e.utf8_error().valid_up_to() + 1
        )
    })
}

fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    match line.find(" #").or_else(|| line.find("\t#")) {
        Some(i) => &line[..i],
        None => line,
    }
}

fn entry(place: String, input: &str) -> Entry {
    Entry {
        place,
        input: input.to_owned(),
        domain: domain_from_input(input, to_ascii),
    }
}

/// IDNA (UTS #46) for names typed in Unicode: their A-label form.
fn to_ascii(host: &str) -> Option<String> {
    idna::domain_to_ascii(host).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_have_comments_blank_lines_and_bad_lines() {
        let list = "# our domains\nexample.com\n\n  postmaster@Example.ORG  # the org\n\
                    https://b.example/#frag\nnot a domain\nbücher.example\n";
        let entries = from_list(list);
        let got: Vec<(&str, Result<&str, ()>)> = entries
            .iter()
            .map(|e| (e.place.as_str(), e.domain.as_deref().map_err(|_| ())))
            .collect();
        assert_eq!(
            got,
            [
                ("line 2", Ok("example.com")),
                ("line 4", Ok("example.org")),
                ("line 5", Ok("b.example")),
                ("line 6", Err(())),
                ("line 7", Ok("xn--bcher-kva.example")),
            ]
        );
    }
}
