// Runs the fuzzer (fuzz.mjs) in a worker thread: a module graph, and so a wasm instance,
// of its own, so that what the fuzzing does to the instance cannot spill into the other
// tests of the file. workerData: {pkg (URL of pkg/node.js), seed, seconds, body, apiBase, token}.
import { parentPort, workerData } from 'node:worker_threads';
import { fuzz } from './fuzz.mjs';

const m = await import(workerData.pkg);
let memory = () => null;
try {
  const glue = await import(new URL('wasm/chatwoot_reporting.js', workerData.pkg).href);
  const w = glue.initSync();
  if (w?.memory?.buffer) memory = () => w.memory.buffer.byteLength;
} catch { /* the glue changed: no memory figure */ }
const report = await fuzz(m, { ...workerData, memory });
parentPort.postMessage(report);
