//! The loopback test world (`mta-sts-testworld`), and the relay's settings for it.
#![allow(dead_code)]

use mta_sts_relay::config::Settings;
pub use mta_sts_testworld::*;
use std::time::Duration;

/// Short limits, so that the timeout tests take a second, not a minute.
pub fn settings() -> Settings {
    Settings {
        timeouts: timeouts(),
        request_headers_timeout: Duration::from_secs(2),
        queue_timeout: Duration::from_millis(150),
        ..Settings::default()
    }
}
