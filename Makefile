# The two commands of the README: `make serve` and `make test`. Both install what is missing.
.PHONY: serve test build setup bench
serve:
	@scripts/serve.sh
test:
	@scripts/test.sh
build:
	@scripts/setup.sh build
	@scripts/build.sh "$${PUBLIC_URL:-/}" dist --release
setup:
	@scripts/setup.sh test
# Figures of issues 5 and 16 (bytes, time to verdict, page load, slow phone, engine); exits 0
# even when OVER.
bench:
	@scripts/bench.sh
