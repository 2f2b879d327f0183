# pricewatch — build, test, run. Every target installs the Debian packages it needs on a fresh machine.
SWIFT ?= swift
CONFIG ?= selectors.yml
SNAPSHOTS ?= snapshots
# libssl-dev gives libcrypto's headers (SHA-256, HMAC); chromium renders `render: browser` pages and checks that the HTML report is inert; postgresql and libpq-dev
# serve the PostgreSQL store. The tests start their own browser and database server; nothing runs as a service.
DEB_PACKAGES := libxml2-dev libcurl4-openssl-dev libssl-dev pkg-config curl chromium postgresql libpq-dev
SWIFT_BUILD_FLAGS ?=
# Release builds link the Swift runtime and Foundation into the binary: a run maps only the parts it uses
# (about 4 MB less resident memory than loading the shared Swift libraries) and the binary runs on a cron
# host without a Swift toolchain. The toolchain's lld links it: GNU ld warns that the static Foundation
# library references `mktemp`, lld does not. Packed relative relocations (RELR) keep the ~2 MB relocation
# table of a static Swift binary out of memory; they need glibc 2.36 or newer (Debian 12, Ubuntu 23.04)
# where the binary runs.
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs
BIN := .build/release/pricewatch

.PHONY: deps build release test run bench bench-auto demo fuzz format lint clean

## deps: install libxml2, libcurl, Chromium and PostgreSQL via apt-get when missing (needs root)
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## build: debug build of every target
build: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

## release: optimised build of the pricewatch command
release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product pricewatch $(SWIFT_BUILD_FLAGS)

## test: every unit, integration and end-to-end test (loopback servers only)
test: deps
	$(SWIFT) build --build-tests $(SWIFT_BUILD_FLAGS)
	$(SWIFT) test --skip-build --parallel --num-workers 2

## run: the main job — check every target in selectors.yml against snapshots/
run: release
	$(BIN) check --config $(CONFIG) --snapshots $(SNAPSHOTS)

## fuzz: every parser of untrusted bytes under libFuzzer and AddressSanitizer, FUZZ_SECONDS each (two at once)
FUZZ_SECONDS ?= 180
# Debug: the build takes half the time of an optimised one, and the fuzzed code keeps its assertions.
FUZZ_CONFIG ?= debug
FUZZ_BUILD = $(SWIFT) build -c $(FUZZ_CONFIG) --product pricewatch-fuzz --build-path .build/fuzz \
	-Xswiftc -sanitize=fuzzer,address -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver $(SWIFT_BUILD_FLAGS)
fuzz: deps
	$(FUZZ_BUILD)
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_CONFIG=$(FUZZ_CONFIG) bash fuzz/run.sh $(FUZZ_TARGETS)

## bench: benchmarks (figures, not pass/fail), on release products built as `make release` builds them
# python3-lxml runs the naive curl + lxml script (bench/naive-check.py) that check's rounds are compared with.
bench: deps
	$(MAKE) deps DEB_PACKAGES="python3-lxml"
	$(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_BUILD_FLAGS)
	.build/release/pricewatch-bench

## bench-auto: zero-config reading — wild-page scores (../shared/tools/wild-score), --auto cost against rules, and
## natural XPath (`//x[p]` against `/descendant::x[p]`) per rule shape
bench-auto: deps
	$(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_BUILD_FLAGS)
	python3 ../shared/tools/wild-score $(BIN)
	PRICEWATCH_BENCH_ONLY=auto .build/release/pricewatch-bench
	PRICEWATCH_BENCH_ONLY=xpath .build/release/pricewatch-bench

## demo: the whole product offline — loopback server, baseline, changed pages, Slack payload
demo: release
	$(SWIFT) build $(RELEASE_FLAGS) --product pricewatch-devserver $(SWIFT_BUILD_FLAGS)
	bash demo/run.sh

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

lint:
	$(SWIFT) format lint --recursive Sources Tests Package.swift

clean:
	rm -rf .build
