// Entry of the single-file build (pkg/single.js): bundled by esbuild with the .wasm
// inlined, for the browser console and CDNs, where a second file cannot be fetched
// relative to the module.
import initWasm from './wasm/chatwoot_reporting.js';
import wasmBytes from './wasm/chatwoot_reporting_bg.wasm';
import { loader } from './guard.js';

export * from './api.js';

/** Instantiates the embedded module once; later calls return the same promise. */
export const init = loader(() => initWasm({ module_or_path: wasmBytes }), () => 'the embedded bytes');
