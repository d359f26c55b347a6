#!/usr/bin/env bash
# Builds the app and serves it at http://127.0.0.1:8080/ (rebuilding on every change).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
echo "Serving the checker at http://127.0.0.1:${PORT:-8080}/ (Ctrl-C stops it)"
# No autoreload: Trunk would inject an inline script, which the page's CSP forbids. Reload
# the page by hand after a change. A dist directory of its own keeps the test build intact.
exec trunk serve --port "${PORT:-8080}" --address 127.0.0.1 --no-autoreload \
  --public-url / --dist target/dist-serve
