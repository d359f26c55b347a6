#!/usr/bin/env bash
# `make serve`: builds the site (both pages, debug build), serves it at
# http://127.0.0.1:${PORT:-8080}/ and rebuilds a page when its sources change (reload the page
# to see it: the CSP forbids Trunk's inline live-reload script).
# Trunk's own server serves one page only and the site has two (the checker and the set-up
# assistant at setup/), so each page gets a `trunk watch` of its own and scripts/serve.mjs
# serves both directories.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

# Directories of their own keep the test build intact.
out=target/dist-serve
trunk build --public-url / --dist "$out/checker" index.html
trunk build --public-url /setup/ --dist "$out/setup" setup.html

# Stop the watchers with the server (Ctrl-C).
trap 'kill $(jobs -p) 2>/dev/null' EXIT
# --ignore: each watcher rebuilds its own dist directory, which the other must not react to.
trunk watch --public-url / --dist "$out/checker" --ignore "$out" index.html &
trunk watch --public-url /setup/ --dist "$out/setup" --ignore "$out" setup.html &
node scripts/serve.mjs "$out/checker" "${PORT:-8080}" "$out/setup"
