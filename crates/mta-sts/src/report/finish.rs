//! The ways to finish a check this browser could not complete, which the report leads with.
//!
//! Today there is one such case, the most common one in practice: the policy host answers over
//! valid HTTPS but sends no CORS header, so the page may not read the policy. Then the report
//! offers three ways, easiest first, once; the checks that depend on the policy each say so in
//! one line instead of repeating them.

use super::context::{Ctx, PolicyState};
use crate::domain::{check_mail_domain, normalize};
use crate::finding::Finding;
use crate::lookup::policy_url;
use crate::pipeline::Request;
use crate::wire::wire;
use serde::Serialize;

/// One way to finish the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Way {
    /// `mta-sts check <domain>`: the command line reads the policy, the certificates and
    /// port 25 itself.
    Cli,
    /// `curl -si <policy URL>`, its output pasted into the policy editor.
    Curl,
    /// A probe relay, set in the page's settings.
    Relay,
}

impl Way {
    /// Every way, easiest first: the order the report shows them in.
    pub const ALL: [Way; 3] = [Way::Cli, Way::Curl, Way::Relay];

    pub fn as_str(self) -> &'static str {
        match self {
            Way::Cli => "cli",
            Way::Curl => "curl",
            Way::Relay => "relay",
        }
    }

    /// The way in a few words.
    pub fn title(self) -> &'static str {
        match self {
            Way::Cli => "Run the check from a terminal",
            Way::Curl => "Paste the policy into the policy editor",
            Way::Relay => "Configure a probe relay",
        }
    }

    /// How to take it, in a sentence; the command, if the way has one, follows it.
    pub fn how(self) -> &'static str {
        match self {
            Way::Cli => {
                "The `mta-sts` command line reads the policy, the certificates and port 25 as a \
                 sender does:"
            }
            Way::Curl => {
                "Run this command and paste its whole output, status line and headers included, \
                 into the policy editor:"
            }
            Way::Relay => {
                "A probe relay you trust reads the policy for this page, and checks the \
                 certificates and STARTTLS too. Set its address in the settings (or check the \
                 one set there, if it did not answer), then check again."
            }
        }
    }
}

wire! {
    /// One way to finish the check, with the command to run when it has one.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct NextStep: ToJson {
        pub way: Way,
        /// The command exactly as it is to be typed; none for the relay.
        pub command: Option<String> = skip_if_none,
    }
}

/// Whether the report leads with the ways to finish the check: the policy could not be read
/// from this browser, it matters (the domain has MTA-STS), and no relay is still at work that
/// may read it instead (the checks then wait for the relay, see `content`).
pub(super) fn unread_policy(cx: &Ctx) -> bool {
    matches!(cx.policy, PolicyState::Unreadable)
        && cx.absent_decided() == Some(false)
        && !probe_pending(cx)
        && command_domain(cx).is_some()
}

/// The domain for the commands, which are copied into a shell: lower case, and only when it is
/// a valid host name (the page checks no other, but the engine takes any string).
fn command_domain(cx: &Ctx) -> Option<String> {
    let domain = normalize(cx.domain);
    check_mail_domain(&domain).is_ok().then_some(domain)
}

/// Whether a probe relay was asked and has not answered yet.
pub(super) fn probe_pending(cx: &Ctx) -> bool {
    cx.obs
        .pending
        .iter()
        .any(|r| matches!(r, Request::Probe { .. }))
}

/// The ways, easiest first, when [`unread_policy`]; none otherwise.
pub(super) fn next_steps(cx: &Ctx) -> Vec<NextStep> {
    let domain = match command_domain(cx) {
        Some(domain) if unread_policy(cx) => domain,
        _ => return Vec::new(),
    };
    Way::ALL
        .into_iter()
        .map(|way| NextStep {
            way,
            command: match way {
                Way::Cli => Some(format!("mta-sts check {domain}")),
                Way::Curl => Some(format!("curl -si {}", policy_url(&domain))),
                Way::Relay => None,
            },
        })
        .collect()
}

/// A finding of a check that the ways above finish: its title alone, pointing up, with
/// nothing to open (no detail, evidence, fix or reference to repeat under every check).
pub(super) fn see_above(mut f: Finding) -> Finding {
    f.title.push_str(" (see above)");
    f.detail.clear();
    f.evidence.clear();
    f.fix = None;
    f.reference = None;
    f
}
