# Broadsheet's developer commands. Every target runs scripts/setup.sh first (it installs only
# what is missing, so it takes a fraction of a second on a set-up machine).
#
#   make build          the wasm package (pkg/), optimised, load-checked, copied to www/pkg
#                       and extension/pkg; the reader's modules bundled into
#                       extension/reader.bundle.js (run it again after editing extension/*.js)
#   make test           fmt, clippy (native and wasm32), native tests, lol_html's own tests
#                       with the wasm build's speed patch, build, browser tests
#                       (wasm-pack test in headless Chromium), the demo page's Playwright
#                       test, the hostile-markup corpus through the reader's insertion path,
#                       the extension test (Chromium, with web-ext lint), the extension
#                       in Firefox ESR, and the packages in both browsers
#   make package        dist/broadsheet-<version>-chrome.zip and dist/broadsheet-<version>.xpi
#                       (version from Cargo.toml), with the optimised wasm inside
#   make demo           build, then serve www/ on http://127.0.0.1:$(DEMO_PORT)/
#   make bench          criterion benchmarks (native)
#   make bench-browser  our wasm clean() against Readability.js, dom_smoothie and the lol_html
#                       floor (both built to wasm by scripts/build-peer-wasm.sh) in headless
#                       Chromium, over $(CORPUS)
#   make eval           the quality gate: the CLI over the Readability corpus and the dragnet
#                       test split (../shared), scored by ../shared/eval/score.py; fails when
#                       F1, precision or metadata fall below the floors in scripts/eval.sh

CORPUS ?= ../shared/corpus/readability
EVAL_OUT ?= target/eval
DEMO_PORT ?= 8000
FUZZ_MINUTES ?= 10
CHROMEDRIVER ?= /usr/bin/chromedriver

export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: setup build test lint test-native test-lol-html-patch test-wasm test-demo test-hostile test-extension \
	test-firefox package test-packages demo bench bench-browser eval eval-summary fuzz clean

setup:
	@scripts/setup.sh

build: setup
	scripts/build-wasm.sh
	node scripts/bundle-reader.mjs

test: setup lint test-native test-lol-html-patch build test-wasm test-demo test-hostile test-extension test-firefox test-packages

# The second clippy covers the wasm-only code (src/wasm.rs, tests/wasm.rs).
lint: setup
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

test-native: setup
	cargo test

# The wasm build links lol_html with two patches (scripts/lol-html-utf8/README.md); this runs
# lol_html's own suite with the speed patch (the UTF-8-only one fails its legacy-encoding tests
# by design, and our wasm tests cover it).
test-lol-html-patch: setup
	scripts/test-lol-html-patch.sh

# wasm_bindgen_test tests in Debian's Chromium. Pass the driver: wasm-pack overwrites the
# CHROMEDRIVER variable, and without --headless it waits for a person.
test-wasm: setup
	scripts/lol-html-utf8.sh wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) --

test-demo: build
	node tests/e2e/loader.test.mjs
	node tests/e2e/demo.test.mjs

# The hostile-markup corpus (tests/hostile/) through the wasm core and the reader's insertion
# path in headless Chromium: nothing runs, nothing dangerous reaches the DOM. The same corpus
# runs natively in tests/hostile.rs (cargo test).
test-hostile: build
	node tests/e2e/sanitizer.test.mjs

# Another engineer's script; run when present.
test-extension: build
	@if [ -x scripts/test-extension.sh ]; then scripts/test-extension.sh; \
	else echo "test-extension: scripts/test-extension.sh not present, skipped"; fi

# The extension folder as a temporary add-on in headless Firefox ESR (selenium-webdriver and
# geckodriver, both installed by setup); web-ext lint runs once, in test-extension.
test-firefox: build
	node tests/e2e/firefox.test.mjs

package: build
	scripts/package.sh

# Installs each package (not the source folder) in its browser and cleans a fixture page.
test-packages: package
	node scripts/test-packages.mjs

demo: build
	@echo "Broadsheet demo: http://127.0.0.1:$(DEMO_PORT)/  (Ctrl-C stops it)"
	cd www && python3 -m http.server $(DEMO_PORT) --bind 127.0.0.1

bench: setup
	cargo bench

bench-browser: build
	scripts/build-peer-wasm.sh
	node scripts/bench-browser.mjs $(CORPUS)

eval: setup
	scripts/eval.sh

# Key points against page descriptions (../shared/eval/summary_score.py) and sadedegel's
# human judgements (a virtualenv under target/); not part of make test.
eval-summary: setup
	scripts/eval-summary.sh

# cargo-fuzz on clean() for FUZZ_MINUTES minutes (default 10); not part of make test.
fuzz: setup
	scripts/fuzz.sh $(FUZZ_MINUTES)

clean:
	rm -rf pkg www/pkg extension/pkg tests/e2e/out dist
