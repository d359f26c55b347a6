//! The native transports `mta-sts check` runs with: the resolver chosen, any address allowed
//! (an internal domain may be checked from inside), the public roots (and a CA file if given).

use super::args::CheckArgs;
use mta_sts_native::address::AnyAddress;
use mta_sts_native::certs::Tls;
use mta_sts_native::check::Probing;
use mta_sts_native::config::{Network, Timeouts};
use mta_sts_native::dns::NativeResolver;
use std::sync::Arc;
use std::time::Duration;

/// The resolver for the engine's lookups and the probes' own (one, so that both see the same
/// DNS), and what the probes need.
pub fn build(args: &CheckArgs) -> Result<(Arc<NativeResolver>, Probing), String> {
    let step = Duration::from_secs(u64::from(args.timeout));
    // The defaults' proportions (5 s a step, 10 s an answer, 30 s an MX host), scaled.
    let timeouts = Timeouts {
        resolve: step,
        connect: step,
        tls: step,
        http: step * 2,
        smtp_reply: step * 2,
        mx_total: step * 6,
    };
    let resolver = Arc::new(
        NativeResolver::from_choice(&args.resolver, timeouts.resolve)
            .map_err(|e| format!("--resolver {}: {e}", args.resolver))?,
    );
    let roots = match &args.ca_file {
        None => (*Tls::public_roots()).clone(),
        Some(path) => {
            let pem =
                std::fs::read(path).map_err(|e| format!("--ca-file {}: {e}", path.display()))?;
            Tls::public_roots_and(&pem).map_err(|e| format!("--ca-file {}: {e}", path.display()))?
        }
    };
    let net = Network::custom(
        resolver.clone(),
        Arc::new(AnyAddress),
        roots,
        args.https_port,
        args.smtp_port,
    )?;
    Ok((
        resolver,
        Probing {
            net,
            timeouts,
            ehlo_name: args.ehlo_name.clone(),
        },
    ))
}
