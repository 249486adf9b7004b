# The two commands: `make run` and `make test`. Both install what is missing
# from Debian's and npm's packages first, then build a Release binary.
SHELL := /bin/bash
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
DEBIAN_PACKAGES := g++ cmake make pkg-config curl openssl \
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev \
  libsodium-dev libsqlite3-dev libpq-dev libspdlog-dev libcli11-dev libssl-dev \
  libgtest-dev libgmock-dev libbenchmark-dev libgoogle-perftools-dev clang-format \
  sqlite3 postgresql postgresql-client pgbouncer chromium \
  help2man lintian fakeroot systemd systemd-container clang libclang-rt-14-dev \
  prometheus-alertmanager libhowardhinnant-date-dev tzdata

.PHONY: all deps build run test asan-build test-sanitize test-tsan fuzz package \
  format format-check clean

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
# scripts/test-postgres.sh starts for them, with PgBouncer in front of it,
# and stops afterwards, whatever the outcome (their URLs are in
# HOOKWARDEN_TEST_POSTGRES_URL and HOOKWARDEN_TEST_PGBOUNCER_URL).
test: build
	scripts/test-postgres.sh run -- \
	  ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS)

# The whole suite again on a build with AddressSanitizer and
# UndefinedBehaviorSanitizer (its own directory, built with clang); any
# report by any process, the tests or the servers they start, fails it
# (scripts/test-sanitized.sh). The same build carries libFuzzer's coverage,
# so `make fuzz` after it only links the fuzzers: one sanitized build serves
# both.
ASAN_BUILD_DIR ?= build-asan
asan-build: deps
	@CC=clang CXX=clang++ cmake -S . -B $(ASAN_BUILD_DIR) \
	  -DCMAKE_BUILD_TYPE=None -DHOOKWARDEN_FUZZ=ON >/dev/null
test-sanitize: asan-build
	cmake --build $(ASAN_BUILD_DIR) -j$(JOBS)
	scripts/test-sanitized.sh $(ASAN_BUILD_DIR) -j$(JOBS)

# The concurrent parts under ThreadSanitizer: the group-commit writer, the
# server and its dispatcher (every ingest test goes through them), the
# outbox's delivery worker, and nodes on one PostgreSQL database. In this
# build the test executables hold only those tests (HW_CONCURRENT_TEST_SOURCES
# in CMakeLists.txt); CTest runs every GoogleTest test they hold.
TSAN_BUILD_DIR ?= build-tsan
test-tsan: deps
	@CC=clang CXX=clang++ cmake -S . -B $(TSAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=None \
	  -DHOOKWARDEN_SANITIZE=thread >/dev/null
	cmake --build $(TSAN_BUILD_DIR) -j$(JOBS) \
	  --target hookwarden unit_tests integration_tests
	scripts/test-sanitized.sh $(TSAN_BUILD_DIR) -j$(JOBS) -L gtest

# libFuzzer targets (fuzz/), in the sanitized build of test-sanitize, each
# run for FUZZ_SECONDS from its seed corpus in fuzz/corpus/<target>/.
FUZZ_SECONDS ?= 60
fuzz: asan-build
	cmake --build $(ASAN_BUILD_DIR) -j$(JOBS) --target fuzzers
	scripts/run-fuzzers.sh $(ASAN_BUILD_DIR) $(FUZZ_SECONDS)

# hookwarden_VERSION_amd64.deb in $(BUILD_DIR): the binary, its man page,
# the README, the hardened systemd unit and /etc/default/hookwarden.
package: build
	scripts/build-package.sh $(BUILD_DIR)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

format-check: deps
	clang-format --dry-run -Werror $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) $(TSAN_BUILD_DIR)
