# Shopdock's entry points. Everything a fresh Debian 12 machine needs is installed by `make deps`
# (system packages, npm packages, tauri-driver), and a second run does nothing.
#
#   make run    build the UI and the app, then open it (the demo shop is one click away)
#   make test   every check CI runs: UI type check and tests, rustfmt, clippy, rustdoc, all Rust tests
#               (the end-to-end test included) inside a headless Secret Service session, and the
#               .deb built and checked
#   make package  the .deb and .rpm installers (target/release/bundle/)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Debian packages, as listed in shared/platform-notes.md: to build the app, then to test and look
# (the fonts are the ones packing slips and pick lists fall back to for CJK and emoji; poppler
# and zbar read printed PDFs and their barcodes back).
BUILD_PACKAGES := libwebkit2gtk-4.1-dev build-essential file libxdo-dev libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev pkg-config
TEST_PACKAGES := webkit2gtk-driver xvfb dbus gnome-keyring keyutils imagemagick \
	fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji poppler-utils zbar-tools \
	desktop-file-utils rpm
PACKAGES := $(BUILD_PACKAGES) $(TEST_PACKAGES)

# Repo-local tools (gitignored): tauri-driver for the end-to-end tests.
TOOLS := $(CURDIR)/.tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver
export PATH := $(TOOLS)/bin:$(PATH)

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: help deps crates-fetched system-deps ui run test check-ui test-ui lint test-rust bench bindings icons \
	screenshots package package-check

help:
	@echo "make run      build and open Shopdock"
	@echo "make test     run every check and test (what CI runs)"
	@echo "make deps     install what building and testing need (idempotent)"
	@echo "make bench    run the sync benchmark of the headless CLI"
	@echo "make bindings regenerate ui/src/lib/bindings.ts from the Rust commands and types"
	@echo "make icons    redraw icons/*.png and icons/icon.ico"
	@echo "make screenshots  retake docs/screenshots/*.png through the end-to-end tests"
	@echo "make package  build the .deb and .rpm installers into target/release/bundle/"
	@echo "make package-check  build a .deb and check it: files, desktop entry, icons, libraries, start"

deps: system-deps node_modules/.installed $(TAURI_DRIVER) crates-fetched

# Every crate the lock file names, including ones no build of this machine's target needs:
# the workspace-arrows test reads `cargo metadata --offline`, which wants them all.
crates-fetched:
	cargo fetch --locked

# Installs only what dpkg does not already have, so a second run costs one dpkg-query.
system-deps:
	@missing=$$(for p in $(PACKAGES); do \
		dpkg-query -W -f='$${db:Status-Status}' "$$p" 2>/dev/null | grep -qx installed || echo "$$p"; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

# `npm ci` whenever the lock file is newer than the last install (or nothing is installed).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The prebuilt npm CLI serves `tauri build`; tauri-driver has no npm package, so it is compiled
# once (about a minute) into .tools/.
$(TAURI_DRIVER):
	cargo install tauri-driver --version ^2 --locked --root $(TOOLS)

ui: node_modules/.installed
	npm run build

run: deps ui
	cargo run -p shopdock --bin shopdock-app

check-ui: node_modules/.installed
	npm run check

test-ui: node_modules/.installed
	npm test

# The app's crate embeds ui/dist when it compiles, so clippy and the tests need the UI built.
lint: ui
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

# Runs $(1) with the real Secret Service (gnome-keyring) in a private D-Bus session. The keyring
# is unlocked first and DISPLAY is kept out of the session: a locked keyring with a display would
# open an unlock prompt and hang. The end-to-end harness gives DISPLAY to tauri-driver only.
define in_keyring_session
keyring_home=$$(mktemp -d); trap 'rm -rf "$$keyring_home"' EXIT; \
env -u DISPLAY XDG_DATA_HOME="$$keyring_home" dbus-run-session -- sh -c \
	'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec $(1)'
endef

test-rust: ui
	$(call in_keyring_session,cargo test --workspace --all-targets)

# The sync benchmark of the headless CLI (no UI, no WebKit); its figures go into README.md.
bench: system-deps
	$(call in_keyring_session,cargo bench -p shopdock-cli --bench sync)

test: deps ui check-ui test-ui lint test-rust package-check

# The end-to-end tests save the pictures of docs/screenshots/ when SHOPDOCK_SCREENSHOTS is set.
# Their scripted browser is the shopdock CLI, built beside the app. The tray's picture needs a
# tray host on the test display (tests/support/tray_picture.rs) and the tests one at a time, so
# the host shows a single app's icon.
SCREENSHOT_PACKAGES := haskell-gtk-sni-tray-utils xdotool
screenshots: deps ui
	$(MAKE) system-deps PACKAGES="$(SCREENSHOT_PACKAGES)"
	cargo build -p shopdock-cli
	$(call in_keyring_session,env SHOPDOCK_SCREENSHOTS=1 cargo test -p shopdock --test e2e -- --test-threads=1)
	$(call in_keyring_session,env SHOPDOCK_SCREENSHOTS=1 cargo test -p shopdock --test desktop)

bindings: ui
	SHOPDOCK_WRITE_BINDINGS=1 cargo test -p shopdock --lib bindings

icons:
	python3 icons/make_icons.py

# The installers, with the npm package's prebuilt Tauri CLI (fully offline): a release build of
# the app (`-p shopdock`: the workspace's default members leave the app crate out), then
# target/release/bundle/deb/*.deb and target/release/bundle/rpm/*.rpm.
package: deps
	npx tauri build --bundles deb,rpm -- -p shopdock
	@ls -1 target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm

# CI's check of the .deb (packaging/check-deb.sh): unpacked with dpkg-deb, its desktop entry
# validated, every icon present, no library missing, the packaged binary up under Xvfb. It
# bundles a debug build: the release build's optimisation adds minutes on a 2-core runner and
# the package's contents and wiring are the same.
package-check: deps
	npx tauri build --debug --bundles deb -- -p shopdock
	packaging/check-deb.sh $$(ls -t target/debug/bundle/deb/*.deb | head -n1)
