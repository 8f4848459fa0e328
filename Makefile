# Outfall Registry — the two commands of the README's quick start are `make demo` and `make test`.
SWIFT ?= swift
DB ?= outfalls.sqlite
BIN = .build/release/outfalls
# Release builds link the Swift runtime and Foundation statically: a process then starts
# without loading 14 Swift shared libraries and binding the binary's ~13,000 references into
# them (docs/benchmarks.md, "Cold start"). Both release targets use the same flags so they
# share one build; a release build with other flags rebuilds everything.
RELEASE = -c release --static-swift-stdlib

.PHONY: deps build demo test bench fuzz clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build $(RELEASE) --product outfalls

# Installs what is missing, builds, creates ./outfalls.sqlite with the bundled (schematic)
# Liucheng layers and shows what is in it.
demo: build
	$(BIN) init --sample --force --db $(DB)
	$(BIN) layers --db $(DB)
	$(BIN) screen --db $(DB) --only flagged
	$(BIN) check --db $(DB) --lon 109.2294705 --lat 24.6885747 --type 工矿企业排污口

# Unit, CLI, server and robustness tests, then the browser tests (headless Chromium), whose
# screenshots land in artifacts/browser/, then the API contract (schemathesis, OWSLib).
test:
	@scripts/install-deps --test
	$(SWIFT) build --build-tests
	$(SWIFT) test
	python3 Tests/Browser/browser_test.py .build/debug/outfalls artifacts/browser
	Tests/Tools/api_contract.sh .build/debug/outfalls

# Generates the synthetic data, runs every benchmark beside its GeoPandas/GDAL comparator
# and writes docs/benchmarks.md.
bench:
	@scripts/install-deps --bench
	$(SWIFT) build $(RELEASE)
	python3 Benchmarks/run_benchmarks.py

# Fuzzes every parser of our own (libFuzzer + address sanitizer), FUZZ_SECONDS per parser.
FUZZ_SECONDS ?= 60
fuzz: deps
	Fuzz/run_fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build .build-fuzz $(DB) $(DB)-wal $(DB)-shm
