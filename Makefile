# The two commands: `make run` and `make test`. Both install what is missing
# from Debian's and npm's packages first, then build a Release binary.
SHELL := /bin/bash
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
DEBIAN_PACKAGES := g++ cmake make pkg-config curl openssl \
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev \
  libsodium-dev libsqlite3-dev libpq-dev libspdlog-dev libcli11-dev libssl-dev \
  libgtest-dev libgmock-dev libbenchmark-dev libgoogle-perftools-dev clang-format \
  sqlite3 postgresql postgresql-client chromium \
  help2man lintian fakeroot systemd

.PHONY: all deps build run test package format format-check clean

all: build

# Debian's packages, then the npm packages of package-lock.json (the browser
# tests drive Debian's chromium with playwright-core).
deps:
	@scripts/install-deps.sh $(DEBIAN_PACKAGES)
	@scripts/install-npm-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	$(BUILD_DIR)/hookwarden serve

# The tests of the PostgreSQL backend run against a throwaway server that
# scripts/test-postgres.sh starts for them and stops afterwards, whatever
# the outcome (its URL is in HOOKWARDEN_TEST_POSTGRES_URL).
test: build
	scripts/test-postgres.sh run -- \
	  ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS)

# hookwarden_VERSION_amd64.deb in $(BUILD_DIR): the binary, its man page,
# the README, the hardened systemd unit and /etc/default/hookwarden.
package: build
	scripts/build-package.sh $(BUILD_DIR)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

format-check: deps
	clang-format --dry-run -Werror $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR)
