# Portico: `make run` serves the portal, `make test` runs every test.
# Nothing here needs cargo-leptos; `cargo leptos watch` works too for those who have it.

SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(CURDIR)/target
export LEPTOS_SITE_ROOT ?= $(CURDIR)/target/site
export LEPTOS_SITE_PKG_DIR := pkg
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# mold links much faster than ld; used only when installed.
ifneq ($(shell command -v mold 2>/dev/null),)
export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS := -C link-arg=-fuse-ld=mold
endif

WASM_BINDGEN_VERSION := 0.2.130
SITE_PKG := $(LEPTOS_SITE_ROOT)/pkg
NPM_STAMP := end2end/node_modules/.installed

.PHONY: bench run test test-all test-scaleout tools site-debug site-release site-assemble site-bundle site-hash test-rust test-e2e check-wasm-deps clean

run: tools site-release
	cargo build --release -p server
	$(CARGO_TARGET_DIR)/release/portico serve --demo

# .ci/services installs or starts what the tests need (Chromium, aiosmtpd, PostgreSQL, s3s-fs)
# and sets the variables below, then runs every test.
# The browser tests run on the release bundle: the page-weight budgets (end2end/tests/budget.spec.ts)
# are about what phones download.
test: tools site-release
	cargo build -p server
	bash .ci/services $(MAKE) test-all

# Scale-out and operations, on PostgreSQL: two instances behind nginx with one S3 store (the
# browser suite through the balancer, an instance stopped under load), then backup, wipe and
# restore, and the files docs/deploy.md installs (.ci/two-instances, .ci/backup-restore,
# .ci/deploy-files; 3 to 4 min). CI runs it after `make test`; it needs the site `make test`
# built.
# The binary is pinned (a hard link) right after the build: on a machine where several clones
# share one target dir, another clone's build replaces target/debug/portico.
test-scaleout: tools
	cargo build -p server
	bin=$$(mktemp -p "$(CARGO_TARGET_DIR)" portico-scaleout.XXXXXX) && trap 'rm -f "$$bin"' EXIT && \
	ln -f "$(CARGO_TARGET_DIR)/debug/portico" "$$bin" && \
	PORTICO_BIN="$$bin" bash .ci/two-instances && PORTICO_BIN="$$bin" bash .ci/backup-restore && \
	PORTICO_BIN="$$bin" bash .ci/deploy-files

test-all:
	$(MAKE) check-wasm-deps
	$(MAKE) test-rust
	$(MAKE) test-e2e

# Unit and integration tests on SQLite, then the integration tests again on PostgreSQL when
# PORTICO_TEST_DATABASE_URL is set (each test creates and drops its own database there).
test-rust:
	env -u PORTICO_TEST_DATABASE_URL -u PORTICO_TEST_S3_ENDPOINT cargo test -p app -p server --features app/ssr
	@if [ -n "$$PORTICO_TEST_DATABASE_URL" ]; then \
		echo "== integration tests on PostgreSQL, documents on $${PORTICO_TEST_S3_ENDPOINT:-local disk} =="; \
		cargo test -p app -p server --features app/ssr; \
	elif [ -n "$$PORTICO_TEST_S3_ENDPOINT" ]; then \
		echo "== document tests on S3 ($$PORTICO_TEST_S3_ENDPOINT) =="; \
		cargo test -p app -p server --features app/ssr -- documents 200_mib demo_scale access_matrix; \
	else echo "PORTICO_TEST_DATABASE_URL and PORTICO_TEST_S3_ENDPOINT are not set: PostgreSQL and S3 tests not run"; fi

# The browser bundle must never pull server-only crates.
check-wasm-deps:
	@if cargo tree -p frontend --target wasm32-unknown-unknown -e normal --prefix none \
		| grep -E '^(sqlx|tokio|argon2|tower-sessions|axum|leptos_axum) '; then \
		echo "server-only crates reached the wasm build"; exit 1; \
	else echo "wasm build is free of server-only crates"; fi

test-e2e:
	cd end2end && PORTICO_BIN=$(CARGO_TARGET_DIR)/debug/portico npx playwright test

# --- toolchain: installs only what is missing -----------------------------------------------
tools: $(NPM_STAMP)
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
		cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION); fi

$(NPM_STAMP): end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	touch $@

# --- the site: wasm bundle, JS glue, CSS and public files ------------------------------------
# LEPTOS_OUTPUT_NAME stays unset here, so the page asks for pkg/portico_bg.wasm, the name
# wasm-bindgen writes (cargo-leptos sets it and writes pkg/portico.wasm: both agree).
WASM_OUT := $(CARGO_TARGET_DIR)/wasm32-unknown-unknown
WASM_OPT := end2end/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
	--enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue

# Two bundles (see `full_island` in app/src/lib.rs): portico-lite with the islands client pages
# use on their own, portico with all of them.
site-debug: site-assemble
	cargo build -p frontend --lib --target wasm32-unknown-unknown
	$(MAKE) site-bundle NAME=portico-lite WASM=$(WASM_OUT)/debug/frontend.wasm
	cargo build -p frontend --lib --target wasm32-unknown-unknown --features all-islands
	$(MAKE) site-bundle NAME=portico WASM=$(WASM_OUT)/debug/frontend.wasm
	$(MAKE) site-hash

site-release: site-assemble
	cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
	$(MAKE) site-bundle NAME=portico-lite WASM=$(WASM_OUT)/wasm-release/frontend.wasm OPT=1
	cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release --features all-islands
	$(MAKE) site-bundle NAME=portico WASM=$(WASM_OUT)/wasm-release/frontend.wasm OPT=1
	$(MAKE) site-hash

site-assemble:
	rm -rf $(SITE_PKG) && mkdir -p $(SITE_PKG)
	cp style/main.css $(SITE_PKG)/portico.css
	cp -r public/. $(LEPTOS_SITE_ROOT)/

site-bundle:
	wasm-bindgen --target web --out-dir $(SITE_PKG) --out-name $(NAME) --no-typescript $(WASM)
	@if [ -n "$(OPT)" ]; then echo "wasm-opt $(NAME)"; $(WASM_OPT) $(SITE_PKG)/$(NAME)_bg.wasm -o $(SITE_PKG)/$(NAME)_bg.wasm; fi

# Hashed names and brotli/gzip copies, after the bundles are final (see frontend/site-assets.mjs).
site-hash:
	node frontend/site-assets.mjs $(LEPTOS_SITE_ROOT)

# Portico at scale against baselines in the same run (server/bench/run; needs PostgreSQL).
bench:
	server/bench/run $(BENCH_ARGS)

clean:
	rm -rf target/site data end2end/test-results end2end/screenshots
