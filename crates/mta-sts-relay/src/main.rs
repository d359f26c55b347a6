//! `mta-sts-relay`: serves the probe endpoint (see the library and docs/relay.md).

use mta_sts_native::dns::NativeResolver;
use mta_sts_relay::config::{self, Network};
use mta_sts_relay::server::{serve, App};
use std::sync::Arc;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let settings = match config::parse(&args, &|name| std::env::var(name).ok()) {
        Ok(s) => s,
        Err(text) => {
            if args.iter().any(|a| a == "--help" || a == "-h") {
                println!("{text}");
                return std::process::ExitCode::SUCCESS;
            }
            eprintln!("{text}");
            return std::process::ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("mta-sts-relay: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(settings)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mta-sts-relay: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(settings: config::Settings) -> Result<(), String> {
    // The command line's DNS stack, so that the relay and `mta-sts check` see the same answers.
    let resolver = NativeResolver::from_choice(&settings.resolver, settings.timeouts.resolve)?;
    let network = Network::production(Arc::new(resolver))?;
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    if settings.allow_origins.is_empty() {
        eprintln!(
            "mta-sts-relay: no --allow-origin given: browsers will not be able to read the \
             answers (only clients that send no Origin header can)"
        );
    }
    eprintln!(
        "mta-sts-relay: listening on {} for {}",
        settings.listen,
        settings.allow_origins.join(", ")
    );
    let app = App::new(settings, network);
    serve(app, listener, shutdown())
        .await
        .map_err(|e| e.to_string())
}

/// Ctrl-C, or SIGTERM as container platforms send it.
async fn shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
