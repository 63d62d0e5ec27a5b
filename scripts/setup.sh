#!/usr/bin/env bash
# Installs what a fresh Debian machine with Rust and Node lacks. Idempotent: each step
# checks first and does nothing when the tool is already there.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step "Checking the toolchain"
command -v cargo >/dev/null || die "cargo not found: install Rust (rustup) first"
command -v node >/dev/null || die "node not found: install Node.js 20 or newer first"
note "$(cargo --version), node $(node --version)"

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  note "wasm32-unknown-unknown target: present"
else
  step "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  note "wasm-bindgen CLI $WASM_BINDGEN_VERSION: present"
else
  step "Installing wasm-bindgen CLI $WASM_BINDGEN_VERSION (about 3 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if [ ${#missing[@]} -eq 0 ]; then
  note "chromium, chromedriver: present"
else
  step "Installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm packages for the build (binaryen's wasm-opt), tests and benchmarks; reinstalled only when the lock file changed.
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  note "npm packages: present"
else
  step "Installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
