// Entry of the single-file build (pkg/single.js): bundled by esbuild with the .wasm
// inlined as base64 text, for the browser console and CDNs, where a second file cannot be
// fetched relative to the module.
//
// The text is decoded in init(), not at import, and without relying on
// Uint8Array.fromBase64 (Chrome/Edge 140+, Safari 18.2+, not in Node 20): importing the
// module must work everywhere the package's `engines` and the browsers it serves allow.
import initWasm from './wasm/chatwoot_reporting.js';
import wasmBase64 from './wasm/chatwoot_reporting_bg.wasm';
import { loader } from './guard.js';

export * from './api.js';

/**
 * Base64 text to bytes: the engine's own decoder where there is one, else atob (browsers,
 * workers and Node 16+ all have it).
 * @param {string} text
 * @returns {Uint8Array}
 */
function decodeBase64(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Instantiates the embedded module once; later calls return the same promise. */
export const init = loader(async () => initWasm({ module_or_path: decodeBase64(wasmBase64) }), () => 'the embedded bytes');
