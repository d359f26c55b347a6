#!/usr/bin/env bash
# `make bench`: builds the release site and prints its figures, one `bench <what> ... key=value`
# line each, on stdout (build logs go to stderr, so `make bench > figures.txt` keeps only them):
# bytes shipped, time to verdict, page load and the slow-phone profile (issue 16) in headless
# Chromium, the engine natively and in wasm, then the machine. A benchmark, not a test: it
# exits 0 when a figure is OVER its budget.
#
#   BENCH_DELAY_MS  delay of every outside answer (DoH and the policy host), default 1000
#   BENCH_RUNS      browser runs per scenario (at least 5), default 7
#   BENCH_DIST      where the site is built, default target/bench-dist
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
# Installers print to stdout; the figures own it.
scripts/setup.sh test >&2
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }

# The engine's wasm figure runs under Node's WASI, the nearest stand-in for the browser's VM.
if rustup target list --installed | grep -qx wasm32-wasip1; then
  say "wasm32-wasip1 target: present"
else
  say "adding the wasm32-wasip1 target (for the engine's wasm figure)"
  rustup target add wasm32-wasip1 >&2
fi

dist="${BENCH_DIST:-target/bench-dist}"
case "$dist" in /*) ;; *) dist="$root/$dist" ;; esac

say "trunk build --release, both pages (public URL /mta-sts-checker/) into $dist"
scripts/build.sh /mta-sts-checker/ "$dist" --release >&2

say "building the engine bench (native and wasm32-wasip1)"
cargo build --release -p mta-sts --example bench >&2
cargo build --release -p mta-sts --example bench --target wasm32-wasip1 >&2
target_dir="${CARGO_TARGET_DIR:-$root/target}"

say "measuring (figures on stdout)"
DIST_DIR="$dist" node scripts/bench.mjs site
"$target_dir/release/examples/bench"
node --no-warnings scripts/bench.mjs wasi "$target_dir/wasm32-wasip1/release/examples/bench.wasm"

cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
chromium_version="$("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | sed -n 's/^Chromium \([0-9.]*\).*/\1/p')"
printf 'bench machine nproc=%s cpu="%s" os="%s" chromium=%s node=%s rustc=%s date=%s\n' \
  "$(nproc)" "${cpu:-unknown}" "$(uname -sr)" "${chromium_version:-unknown}" "$(node --version)" \
  "$(rustc --version | cut -d' ' -f2)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
