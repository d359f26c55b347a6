#!/usr/bin/env bash
# Builds the site's pages, each with its own WebAssembly bundle: the checker (index.html)
# into DIST, the set-up assistant (setup.html) into DIST/setup/ and the TLS-RPT reports page
# (reports.html) into DIST/reports/, all for PUBLIC_URL. Trunk builds one page per run and
# empties its dist directory first, so the checker is built first and the others into their
# sub-directories after.
#
#   scripts/build.sh PUBLIC_URL DIST [trunk build options, e.g. --release]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: scripts/build.sh PUBLIC_URL DIST [trunk options]" >&2; exit 2; }
public_url="$1"
dist="$2"
shift 2
case "$public_url" in */) ;; *) public_url="$public_url/" ;; esac
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

trunk build "$@" --public-url "$public_url" --dist "$dist" index.html
trunk build "$@" --public-url "${public_url}setup/" --dist "$dist/setup" setup.html
trunk build "$@" --public-url "${public_url}reports/" --dist "$dist/reports" reports.html
