//! Reading a file named on the command line, or standard input for `-`, never more than a cap.

use std::ffi::OsStr;
use std::io::Read;

/// At most `cap + 1` bytes of `path` (standard input for `-`): one byte more than the cap, so
/// that the caller can tell a file over it. The error names the file.
pub fn read_capped(path: &OsStr, cap: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let take = cap.saturating_add(1);
    let read = if path == "-" {
        std::io::stdin().lock().take(take).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(take).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("cannot read {}: {e}", path.to_string_lossy()))?;
    Ok(bytes)
}
