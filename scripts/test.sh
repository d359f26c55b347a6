#!/usr/bin/env bash
# Runs every test: formatting, clippy, the engine and app tests, then the browser tests
# against the release build served under a sub-path, as GitHub Pages serves it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo clippy (wasm32: the engine and the web app; the relay is a server)"
cargo clippy -p mta-sts -p mta-sts-checker --target wasm32-unknown-unknown -- -D warnings

step "cargo test"
cargo test --workspace

step "trunk build --release, every page (public URL /mta-sts-checker/)"
scripts/build.sh /mta-sts-checker/ dist --release

step "browser tests (Playwright, headless Chromium)"
node --test --test-concurrency=1 tests/e2e/
