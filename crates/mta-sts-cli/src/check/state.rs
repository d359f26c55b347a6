//! The state file of `mta-sts check --state FILE`: what the last run saw of each domain, so
//! that the next run can report what changed (the engine's `monitor`).
//!
//! ```json
//! {
//!   "version": 1,
//!   "domains": {
//!     "example.com": { "domain": "example.com", "checked_at_unix": 1764806400, ... }
//!   }
//! }
//! ```
//!
//! Made for cron jobs, timers and CI: a missing file is an empty state (the first run), a file
//! that cannot be read is an error that names it and says what is wrong (never a panic, never
//! silently an empty state, which would report every domain as new), and a save is atomic (a
//! temporary file in the same directory, then a rename), so a run killed mid-write leaves the
//! old file whole. Std only, with the engine's JSON reader and writer.

use mta_sts::domain::normalize;
use mta_sts::json::{self, PrettyWriter, Value};
use mta_sts::monitor::Snapshot;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::hash::BuildHasher;
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

/// The version of the file's layout this program reads and writes.
pub const VERSION: u64 = 1;

/// The most bytes read from a state file: far above what thousands of domains take (a
/// snapshot is under a kilobyte), and a cap on what a wrong path (a disk image, a log) costs.
pub const MAX_STATE_BYTES: u64 = 64 * 1024 * 1024;

/// What the last runs saw, by domain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    domains: BTreeMap<String, Snapshot>,
}

impl State {
    /// Reads the state file at `path`. A missing file, or one with nothing but whitespace in
    /// it (`touch FILE`), is an empty state; anything else that is not a state file of this
    /// version is an error naming the file.
    pub fn load(path: &Path) -> Result<State, String> {
        load_capped(path, MAX_STATE_BYTES)
    }

    /// What the last run saw of `domain`, if it was checked before.
    pub fn get(&self, domain: &str) -> Option<&Snapshot> {
        self.domains.get(&normalize(domain))
    }

    /// Records what this run saw of `domain` (replacing what the last run saw).
    pub fn set(&mut self, domain: &str, snapshot: Snapshot) {
        self.domains.insert(normalize(domain), snapshot);
    }

    /// The domains recorded, in order.
    #[cfg(test)]
    pub fn domains(&self) -> impl Iterator<Item = &str> {
        self.domains.keys().map(String::as_str)
    }

    /// The state as the file holds it: pretty JSON, domains in order, a final line end.
    pub fn to_json(&self) -> String {
        let mut w = PrettyWriter::default();
        w.begin_object();
        w.number_member("version", VERSION);
        w.key("domains");
        w.begin_object();
        for (domain, snapshot) in &self.domains {
            w.key(domain);
            snapshot.write_to(&mut w);
        }
        w.end_object();
        w.end_object();
        let mut text = w.finish();
        text.push('\n');
        text
    }

    /// Reads the text of a state file; the error says what is wrong and where.
    pub fn from_json(text: &str) -> Result<State, String> {
        if text.trim().is_empty() {
            return Ok(State::default());
        }
        let value = json::parse(text).map_err(|e| format!("not JSON: {e}"))?;
        if !matches!(value, Value::Object(_)) {
            return Err("not a state file: expected a JSON object".into());
        }
        match value.get("version") {
            None => return Err("not a state file: no \"version\"".into()),
            Some(v) if v.as_u64() == Some(VERSION) => {}
            Some(v) => {
                return Err(format!(
                    "state file version {v}, but this mta-sts reads version {VERSION}"
                ))
            }
        }
        let Some(Value::Object(members)) = value.get("domains") else {
            return Err("not a state file: \"domains\" is missing or not an object".into());
        };
        let mut state = State::default();
        // A name written twice: the last one counts, as everywhere in the engine's JSON.
        for (domain, snapshot) in members {
            let snapshot = Snapshot::read_value(snapshot).map_err(|e| {
                // The domain is the file's text: shown quoted, so that it stays text.
                format!("domains[{domain:?}]: {e}")
            })?;
            state.set(domain, snapshot);
        }
        Ok(state)
    }

    /// Whether the state can be saved to `path`: a temporary file is made and removed in its
    /// directory, so that a run does not check a thousand domains only to fail at the end.
    pub fn check_writable(path: &Path) -> Result<(), String> {
        let shown = path.display();
        let temp = temp_path(path)
            .ok_or_else(|| format!("cannot write the state to {shown}: not a file name"))?;
        let made = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp);
        match made {
            Ok(_) => {
                let _ = fs::remove_file(&temp);
                Ok(())
            }
            Err(e) => Err(format!("cannot write the state to {shown}: {e}")),
        }
    }

    /// Writes the state to `path` atomically: to a temporary file in the same directory,
    /// flushed to disk, then renamed over `path`. A run killed at any point leaves either the
    /// old file or the new one, never half of one. The file keeps the permissions of the one
    /// it replaces.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let shown = path.display();
        let temp = temp_path(path)
            .ok_or_else(|| format!("cannot write the state to {shown}: not a file name"))?;
        let result = write_then_rename(&self.to_json(), &temp, path);
        if result.is_err() {
            // Best effort: the error that matters is the one returned.
            let _ = fs::remove_file(&temp);
        }
        result.map_err(|e| format!("cannot write the state to {shown}: {e}"))
    }
}

/// `.<name>.tmp-<process id>-<random>` next to `path` (in "." for a bare file name): in the
/// same directory, hence on the same file system, which a rename needs to be atomic. The
/// random part makes the name unguessable, and it is created only if it does not exist (no
/// following a link planted under that name).
fn temp_path(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    let random = std::collections::hash_map::RandomState::new().hash_one(path);
    temp_name.push(format!(".tmp-{}-{random:016x}", std::process::id()));
    Some(dir.join(temp_name))
}

fn write_then_rename(text: &str, temp: &Path, path: &Path) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    // Only its owner reads what the monitor recorded, unless the old file said otherwise.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(temp)?;
    if let Ok(meta) = fs::metadata(path) {
        file.set_permissions(meta.permissions())?;
    }
    file.write_all(text.as_bytes())?;
    // On disk before the rename, or a crash could leave the new name on empty data.
    file.sync_all()?;
    drop(file);
    fs::rename(temp, path)?;
    // The rename itself on disk too (Unix: sync the directory); not every system can.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

fn load_capped(path: &Path, cap: u64) -> Result<State, String> {
    let shown = path.display();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(State::default()),
        Err(e) => return Err(format!("cannot read the state file {shown}: {e}")),
    };
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the state file {shown}: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "the state file {shown} is larger than {} MiB: not a state file of mta-sts",
            cap / (1024 * 1024)
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("the state file {shown} is not UTF-8 text"))?;
    State::from_json(&text).map_err(|e| format!("the state file {shown} is unreadable: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mta_sts::monitor::{CertificateExpiry, Seen};
    use mta_sts::policy::Mode;

    /// A fresh, empty directory of this test's own.
    fn scratch(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mta-sts-state-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn snapshot(domain: &str, at: i64) -> Snapshot {
        Snapshot {
            domain: domain.into(),
            checked_at_unix: at,
            record: Seen::Present,
            record_ids: vec!["20240131T120000Z".into()],
            policy: Seen::Present,
            policy_hash: Some("0123456789abcdef".into()),
            mode: Some(Mode::Enforce),
            max_age: Some(1_209_600),
            mx_patterns: vec!["mx1.example.com".into(), "*.mx.example.net".into()],
            mx_hosts: Some(vec!["mx1.example.com".into()]),
            certificates: vec![CertificateExpiry {
                host: "mx1.example.com".into(),
                not_after_unix: at + 90 * 86_400,
            }],
        }
    }

    fn two() -> State {
        let mut state = State::default();
        state.set("example.com", snapshot("example.com", 1_764_806_400));
        let mut other = snapshot("example.org", 1_764_806_401);
        other.record = Seen::Unknown;
        other.mx_hosts = None;
        other.mode = None;
        state.set("Example.ORG.", other);
        state
    }

    #[test]
    fn round_trip() {
        let dir = scratch("round-trip");
        let path = dir.join("state.json");
        let state = two();
        state.save(&path).unwrap();
        let read = State::load(&path).unwrap();
        assert_eq!(read, state);
        assert_eq!(
            read.domains().collect::<Vec<_>>(),
            ["example.com", "example.org"]
        );
        assert_eq!(read.get("EXAMPLE.org."), state.get("example.org"));
        assert!(read.get("example.net").is_none());
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("{\n  \"version\": 1,\n  \"domains\": {\n"));
        assert!(text.ends_with("}\n"));
        // What the engine writes, serde_json reads as the same document.
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["domains"]["example.com"]["mode"], "enforce");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_missing_or_empty_file_is_an_empty_state() {
        let dir = scratch("missing");
        assert_eq!(State::load(&dir.join("none.json")), Ok(State::default()));
        fs::write(dir.join("empty.json"), " \n").unwrap();
        assert_eq!(State::load(&dir.join("empty.json")), Ok(State::default()));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_corrupt_file_is_an_error_naming_it() {
        let dir = scratch("corrupt");
        let path = dir.join("state.json");
        let good = two().to_json();
        let cases: Vec<Vec<u8>> = vec![
            b"{".to_vec(),
            b"[]".to_vec(),
            b"{\"domains\": {}}".to_vec(),
            b"{\"version\": 2, \"domains\": {}}".to_vec(),
            b"{\"version\": 1}".to_vec(),
            b"{\"version\": 1, \"domains\": []}".to_vec(),
            b"{\"version\": 1, \"domains\": {\"x\": {}}}".to_vec(),
            good.replace("\"enforce\"", "\"strict\"").into_bytes(),
            good.as_bytes()[..good.len() / 2].to_vec(),
            vec![0xff, 0xfe, b'{'],
            "[".repeat(10_000).into_bytes(),
        ];
        for bytes in cases {
            fs::write(&path, &bytes).unwrap();
            let err = State::load(&path).expect_err(&String::from_utf8_lossy(&bytes));
            assert!(err.contains(&path.display().to_string()), "{err}");
        }
        // A directory where the file should be.
        let err = State::load(&dir).unwrap_err();
        assert!(err.contains(&dir.display().to_string()), "{err}");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_size_is_capped() {
        let dir = scratch("cap");
        let path = dir.join("state.json");
        let text = two().to_json();
        fs::write(&path, &text).unwrap();
        assert!(load_capped(&path, text.len() as u64).is_ok());
        let err = load_capped(&path, text.len() as u64 - 1).unwrap_err();
        assert!(err.contains("larger than"), "{err}");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn save_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = scratch("atomic");
        let path = dir.join("state.json");
        fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        }
        let state = two();
        state.save(&path).unwrap();
        assert_eq!(State::load(&path).unwrap(), state);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["state.json"]);

        // A save that cannot complete (the name is taken by a directory) fails, and leaves
        // what was there and no temporary file behind.
        let blocked = dir.join("blocked");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("inside"), "keep").unwrap();
        let err = state.save(&blocked).unwrap_err();
        assert!(err.contains(&blocked.display().to_string()), "{err}");
        assert_eq!(fs::read_to_string(blocked.join("inside")).unwrap(), "keep");
        let mut names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["blocked", "state.json"]);

        // Into a directory that does not exist: an error, no panic.
        assert!(state.save(&dir.join("no/such/dir/state.json")).is_err());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_temporary_file_is_next_to_the_state_file() {
        let prefix = format!(".state.json.tmp-{}-", std::process::id());
        for (path, dir) in [
            ("state.json", "."),
            ("/var/lib/mta-sts/state.json", "/var/lib/mta-sts"),
        ] {
            let temp = temp_path(Path::new(path)).unwrap();
            assert_eq!(temp.parent(), Some(Path::new(dir)));
            let name = temp.file_name().unwrap().to_string_lossy().into_owned();
            // With a random part nobody can plant a link under in advance.
            assert!(name.starts_with(&prefix), "{name}");
            assert_eq!(name.len(), prefix.len() + 16, "{name}");
        }
        assert_ne!(
            temp_path(Path::new("state.json")),
            temp_path(Path::new("state.json"))
        );
        assert_eq!(temp_path(Path::new("/")), None);
        assert!(two().save(Path::new("/")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_state_file_is_its_owners_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("mta-sts-perm-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        State::check_writable(&path).unwrap();
        two().save(&path).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(State::check_writable(&dir.join("no/such/dir/state.json")).is_err());
        fs::remove_dir_all(dir).unwrap();
    }
}
