#!/usr/bin/env bash
# Builds the npm package into pkg/: the release wasm, the wasm-bindgen glue, wasm-opt,
# (needs scripts/setup.sh first: it installs the CLI and the npm packages),
# and the hand-written entry points and declarations from js/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step "Compiling the crate to WebAssembly (release)"
cargo build --release --lib --target wasm32-unknown-unknown
wasm="target/wasm32-unknown-unknown/release/chatwoot_reporting.wasm"

# Skip the glue and optimisation steps when the compiled module did not change.
sum="$(sha256sum "$wasm" | cut -d' ' -f1)"
if [ -f pkg/wasm/.source-sha256 ] && [ "$(cat pkg/wasm/.source-sha256)" = "$sum" ]; then
  note "wasm unchanged since the last build: glue and wasm-opt skipped"
else
  step "Generating the JavaScript glue (wasm-bindgen $WASM_BINDGEN_VERSION)"
  rm -rf pkg/wasm
  # No name or producers sections (wasm-opt drops them too), and no default .wasm URL in
  # the glue: web.js, node.js and single.js always say where the module is.
  wasm-bindgen "$wasm" --target web --out-dir pkg/wasm --out-name chatwoot_reporting --no-typescript \
    --remove-name-section --remove-producers-section --omit-default-module-path
  # wasm-opt from npm's binaryen (pinned in package.json): Debian's is too old for the
  # externref table wasm-bindgen emits and breaks the module.
  step "Optimising for size (wasm-opt -Oz --converge, binaryen $(node_modules/.bin/wasm-opt --version | cut -d' ' -f3))"
  before=$(stat -c %s pkg/wasm/chatwoot_reporting_bg.wasm)
  # -Oz until it stops shrinking, without the metadata sections engines ignore. The
  # features are exactly those rustc enables by default for wasm32-unknown-unknown.
  # --low-memory-unused lets constant offsets fold into loads and stores (-1.8 KB gzip):
  # true here, as rustc puts the 1 MiB stack first and the data above it, so the lowest
  # 1 KB is only reached by a stack within 1 KB of overflowing.
  node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --strip-debug --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-bulk-memory-opt \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-multivalue --enable-reference-types --enable-call-indirect-overlong \
    pkg/wasm/chatwoot_reporting_bg.wasm -o pkg/wasm/chatwoot_reporting_bg.wasm
  note "$before -> $(stat -c %s pkg/wasm/chatwoot_reporting_bg.wasm) bytes"
  # The generated glue and the snippets copied beside it are build output nobody reads
  # (their sources are src/bindings and js/): minified, they ship 14.8 -> ~9.5 KB gzipped.
  # Whitespace and syntax only: names stay what the console and stack traces show. That is
  # also smaller gzipped than renaming with --keep-names, whose helper re-labels every
  # closure the glue makes (one per pending promise: ~3 µs a request in Node, issue 7).
  for f in $(find pkg/wasm -name '*.js'); do
    node_modules/.bin/esbuild "$f" --minify-whitespace --minify-syntax --format=esm --log-level=warning \
      --outfile="$f" --allow-overwrite
  done
  echo "$sum" > pkg/wasm/.source-sha256
fi

step "Assembling pkg/"
cp js/api.js js/objects.js js/guard.js js/cache.js js/cache-scope.js js/cache.d.ts js/web.js js/node.js js/worker.js js/worker-client.js js/worker-remote.js js/worker-pool.js js/worker-shards.js js/index.d.ts js/worker.d.ts js/package.json pkg/
# The Arrow entry point (apache-arrow is its peer dependency; nothing else imports it).
cp js/arrow.js js/arrow.d.ts pkg/
cp js/README.md pkg/README.md
# The ReportingError class ships inside the glue's snippet folder, whose name carries a
# hash; re-export it from that same file so `instanceof` sees one class.
snippet="$(cd pkg && ls wasm/snippets/*/js/support.js)"
printf "export { ReportingError } from './%s';\n" "$snippet" > pkg/reporting-error.js
# The single-file build: everything in one ES module with the wasm inlined as base64 text
# (esbuild's base64 loader), for the browser console and CDNs. Not the binary loader: it
# decodes with Uint8Array.fromBase64 at import, which Node 20 and browsers before
# Chrome 140 / Safari 18.2 lack; single.js decodes in init() with a fallback.
cp js/single.js pkg/single-entry.js
node_modules/.bin/esbuild pkg/single-entry.js --bundle --format=esm --minify --loader:.wasm=base64 \
  --log-level=warning --outfile=pkg/single.js
rm pkg/single-entry.js
note "pkg/ ready: $(du -sh pkg | cut -f1), wasm $(stat -c %s pkg/wasm/chatwoot_reporting_bg.wasm) bytes"

# The dashboard's chart library, served from www/vendor/ (build output, not in git) so
# the page needs no CDN and its Content-Security-Policy can stay 'self'.
mkdir -p www/vendor
cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css www/vendor/

# Let the repository's own tests and examples import the package by name, exactly as a
# user's project does after `npm install <path>/pkg`: the exports map then applies.
ln -sfn ../pkg node_modules/chatwoot-reporting
