#!/usr/bin/env bash
# Installs what building and testing the checker needs, and skips what is already there.
# Nothing is downloaded from outside the package registries (crates.io, npm, Debian).
#
#   scripts/setup.sh build   the wasm32 target, Trunk, wasm-bindgen CLI, npm packages
#   scripts/setup.sh test    the same, plus Chromium and its driver for the browser tests
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

need_command() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed. $2"
}

rust_toolchain() {
  need_command cargo "Install Rust 1.95 with rustup (https://rustup.rs), then run this again."
  need_command rustup "The wasm32 target is added with rustup; install Rust with rustup."
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target: present"
  else
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

trunk_cli() {
  if trunk --version 2>/dev/null | grep -qw "$TRUNK_VERSION"; then
    say "trunk $TRUNK_VERSION: present"
  else
    say "installing trunk $TRUNK_VERSION (about 6 minutes on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

wasm_bindgen_cli() {
  if wasm-bindgen --version 2>/dev/null | grep -qw "$WASM_BINDGEN_VERSION"; then
    say "wasm-bindgen $WASM_BINDGEN_VERSION: present"
  else
    # Without --locked: its lock file pins a webpki-roots release the registry lacks.
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

npm_packages() {
  need_command node "Install Node.js 20 or later (Debian: apt-get install nodejs npm)."
  need_command npm "Install npm (Debian: apt-get install npm)."
  # npm ci records the installed tree in node_modules/.package-lock.json; equal means current.
  if [ -f node_modules/.package-lock.json ] \
     && node -e 'const a=require("./package-lock.json").packages,b=require("./node_modules/.package-lock.json").packages;for(const k of Object.keys(a)){if(k&&(!b[k]||b[k].version!==a[k].version))process.exit(1)}' 2>/dev/null; then
    say "npm packages: present"
  else
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "chromium and chromedriver: present"
    return
  fi
  local install="apt-get update && apt-get install -y chromium chromium-driver"
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian's chromium and chromium-driver"
    sh -c "$install"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    say "installing Debian's chromium and chromium-driver (sudo)"
    sudo sh -c "$install"
  else
    die "the browser tests need Debian's Chromium and its driver, and installing them needs root. Run: sudo sh -c '$install'"
  fi
}

case "${1:-}" in
  build) rust_toolchain; trunk_cli; wasm_bindgen_cli; npm_packages ;;
  test) rust_toolchain; trunk_cli; wasm_bindgen_cli; npm_packages; chromium ;;
  *) die "usage: scripts/setup.sh build|test" ;;
esac
