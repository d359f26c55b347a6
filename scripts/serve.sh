#!/usr/bin/env bash
# Builds the site (both pages, debug build) and serves it at http://127.0.0.1:8080/.
# After a change, stop it (Ctrl-C) and run it again: Trunk's own server serves one page only,
# and the site has two (the checker and the set-up assistant at setup/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
# A dist directory of its own keeps the test build intact.
scripts/build.sh / target/dist-serve
exec node scripts/serve.mjs target/dist-serve "${PORT:-8080}"
