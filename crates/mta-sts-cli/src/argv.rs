//! The command line's words, one at a time: positionals, and options with their values
//! (`--name value`, `--name=value`, `-x value`); `--` ends the options, `-` is a positional
//! (standard input). Each subcommand matches the option names it knows.

use std::ffi::OsString;

/// One word of the command line.
pub enum Arg {
    Positional(OsString),
    /// An option's name (`--format`, `-f`), with a value given inline (`--format=csv`).
    Option(String, Option<OsString>),
}

pub struct Argv<I> {
    args: I,
    rest_positional: bool,
}

impl<I: Iterator<Item = OsString>> Argv<I> {
    pub fn new(args: impl IntoIterator<IntoIter = I>) -> Argv<I> {
        Argv {
            args: args.into_iter(),
            rest_positional: false,
        }
    }

    /// The next word; `--` itself is consumed and makes every later word a positional.
    pub fn next_arg(&mut self) -> Option<Arg> {
        loop {
            let arg = self.args.next()?;
            let text = arg.to_string_lossy();
            if self.rest_positional || text == "-" || !text.starts_with('-') {
                return Some(Arg::Positional(arg));
            }
            if text == "--" {
                self.rest_positional = true;
                continue;
            }
            return Some(match text.split_once('=') {
                Some((n, v)) if n.starts_with("--") => {
                    Arg::Option(n.to_owned(), Some(OsString::from(v)))
                }
                _ => Arg::Option(text.into_owned(), None),
            });
        }
    }

    /// The value of option `name`: the inline one, else the next word.
    pub fn value(&mut self, name: &str, inline: Option<OsString>) -> Result<OsString, String> {
        inline
            .or_else(|| self.args.next())
            .ok_or_else(|| format!("{name} needs a value"))
    }

    /// The same, as text.
    pub fn text(&mut self, name: &str, inline: Option<OsString>) -> Result<String, String> {
        self.value(name, inline)
            .map(|v| v.to_string_lossy().into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_values_and_positionals() {
        let words = ["a", "--format=csv", "-f", "-", "--", "--not-an-option", "-"];
        let mut argv = Argv::new(words.iter().map(OsString::from));
        let mut seen = Vec::new();
        while let Some(arg) = argv.next_arg() {
            match arg {
                Arg::Positional(p) => seen.push(format!("pos {}", p.to_string_lossy())),
                Arg::Option(name, inline) => {
                    let v = argv.text(&name, inline).unwrap();
                    seen.push(format!("opt {name}={v}"));
                }
            }
        }
        assert_eq!(
            seen,
            [
                "pos a",
                "opt --format=csv",
                "opt -f=-",
                "pos --not-an-option",
                "pos -"
            ]
        );
        let mut argv = Argv::new(["--jobs"].iter().map(OsString::from));
        let Some(Arg::Option(name, inline)) = argv.next_arg() else {
            panic!("an option")
        };
        assert_eq!(
            argv.value(&name, inline).unwrap_err(),
            "--jobs needs a value"
        );
    }
}
