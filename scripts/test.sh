#!/usr/bin/env bash
# One command for every test: installs what is missing, builds the package, then runs
#   1. the pure core natively (cargo test: unit, fixtures, JSONTestSuite, property tests),
#   2. the wasm bindings in Node and 3. in headless Chromium (wasm-bindgen-test),
#   4. the built package in Node and Chromium (node --test, playwright-core).
# Each step's output is also kept in target/test-logs/; any failure stops the run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash scripts/setup.sh
start=$(date +%s)
logs=target/test-logs
mkdir -p "$logs"

step "1/4 Native tests of the core (cargo test)"
cargo test --all-targets 2>&1 | tee "$logs/native.log"

bash scripts/build.sh

# The client tests (tests/client.rs) talk to a real stand-in over HTTP: cross-origin from
# the test runner's page, so with --cors, and with a distinctive token to search for leaks.
export STANDIN_URL="http://127.0.0.1:${STANDIN_PORT:-47631}"
# A fixed clock: tests/client.rs reads a fixed week of the simulation.
node www/server.mjs --port "${STANDIN_URL##*:}" --cors --token tok-LEAKCHECK-7f3a9c --now 2026-11-01T00:00:00Z --quiet &
standin=$!
trap 'kill $standin 2>/dev/null || true' EXIT
up() { node -e "fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "$STANDIN_URL/__standin"; }
for _ in $(seq 50); do up && break; sleep 0.1; done
up || die "the stand-in did not start on $STANDIN_URL"

export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
step "2/4 Bindings and client in Node (wasm-bindgen-test, stand-in at $STANDIN_URL)"
cargo test --target wasm32-unknown-unknown --test wasm --test client 2>&1 | tee "$logs/wasm-node.log"

step "3/4 Bindings and client in headless Chromium (wasm-bindgen-test)"
WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --test wasm --test client 2>&1 | tee "$logs/wasm-chromium.log"

step "4/4 The package in Node and Chromium (node --test)"
node --test --test-reporter=spec tests/js/ 2>&1 | tee "$logs/js.log"

# One total over the four runners (each already stopped the script on any failure).
cargo_passed=$(cat "$logs"/native.log "$logs"/wasm-*.log | sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' | awk '{s+=$1} END {print s+0}')
js_passed=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$logs/js.log")
step "All tests passed in $(( $(date +%s) - start )) s"
echo "tests: $(( cargo_passed + js_passed )) passed, 0 failed"
