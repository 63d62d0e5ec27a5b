// Runs one ReportingClient scenario and describes what happened as plain data, so the same
// scenario runs in Node (called directly) and in Chromium (imported by the page from
// /__test/harness.mjs and run through page.evaluate). No Node or DOM APIs: only what both
// have.

/**
 * Every string reachable from `value`: own properties (enumerable or not, so `message`,
 * `stack` and `cause` too), the well-known error keys even when inherited, `String(value)`
 * and `JSON.stringify(value)`, recursively.
 */
export function collectStrings(value, out = [], seen = new Set(), depth = 0) {
  if (typeof value === 'string') { out.push(value); return out; }
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value) || depth > 8) return out;
  seen.add(value);
  const keys = new Set(Reflect.ownKeys(value));
  for (const k of ['message', 'stack', 'name', 'code', 'status', 'issues', 'cause', 'errors', 'displayId', 'path']) keys.add(k);
  for (const k of keys) {
    let v;
    try { v = value[k]; } catch { continue; }
    if (typeof k === 'string' && typeof v !== 'undefined') collectStrings(v, out, seen, depth + 1);
  }
  if (depth === 0 || value instanceof Error) {
    try { out.push(String(value)); } catch { /* not printable */ }
    try { const j = JSON.stringify(value); if (j !== undefined) out.push(j); } catch { /* not serializable */ }
  }
  return out;
}

/** A thrown value as plain data. */
export function describeError(m, e) {
  const info = {
    reporting: typeof m?.ReportingError === 'function' && e instanceof m.ReportingError,
    isError: e instanceof Error,
    ctor: e?.constructor?.name ?? typeof e,
    text: (() => { try { return String(e).slice(0, 300); } catch { return '(unprintable)'; } })(),
  };
  if (e && typeof e === 'object') {
    for (const k of ['name', 'code', 'status', 'message', 'displayId']) {
      try { if (e[k] !== undefined) info[k] = e[k]; } catch { /* ignore */ }
    }
    try { if (Array.isArray(e.issues)) info.issues = e.issues.map((i) => ({ path: i.path, code: i.code, message: i.message })); } catch { /* ignore */ }
  }
  info.strings = collectStrings(e);
  return info;
}

function describeSet(set) {
  const out = { type: set?.constructor?.name ?? typeof set };
  try { out.length = set.length; } catch (e) { out.lengthError = String(e); }
  try { out.issues = set.issues; out.strings = collectStrings(set.issues); } catch (e) { out.issuesError = String(e); }
  try { out.ids = set.toArray().map((e) => e.id); } catch (e) { out.idsError = String(e); }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One scenario. spec:
 *   client: the constructor's options; call: the method name (or null to construct only);
 *   args: the method's arguments before the options; opts: its options (JSON-able);
 *   progress: pass an onProgress that records (done, total, ms);
 *   abortAfterMs / abortAtProgress: abort the call's AbortController then;
 *   noSignal: pass no signal; settleMs: give up waiting after this (default 20 s), then abort;
 *   afterMs: after settling, keep recording progress this long.
 * Result: {constructError, settled, ok, value, error, progress, progressAfterSettle, elapsedMs}.
 */
export async function runCase(m, spec) {
  const result = { constructError: null, settled: false, ok: false, progress: [], progressAfterSettle: [] };
  let client;
  try {
    client = new m.ReportingClient(spec.client);
  } catch (e) {
    result.constructError = describeError(m, e);
    return result;
  }
  result.clientText = (() => { try { return `${String(client)} ${JSON.stringify(client)}`; } catch (e) { return `(threw ${e})`; } })();
  if (!spec.call) { client.free?.(); return result; }
  const controller = new AbortController();
  const t0 = Date.now();
  let settledAt = null;
  const opts = { ...(spec.opts ?? {}) };
  if (!spec.noSignal) opts.signal = controller.signal;
  if (spec.progress) {
    opts.onProgress = (done, total) => {
      const rec = [done, total, Date.now() - t0];
      (settledAt === null ? result.progress : result.progressAfterSettle).push(rec);
      if (spec.abortAtProgress !== undefined && done >= spec.abortAtProgress) controller.abort();
    };
  }
  if (spec.abortAfterMs !== undefined) setTimeout(() => controller.abort(), spec.abortAfterMs);
  let promise;
  try {
    promise = client[spec.call](...(spec.args ?? []), opts);
  } catch (e) {
    result.syncThrow = true;
    result.error = describeError(m, e);
    result.settled = true;
    return result;
  }
  const outcome = await Promise.race([
    Promise.resolve(promise).then((v) => ({ v }), (e) => ({ e })),
    sleep(spec.settleMs ?? 20000).then(() => null),
  ]);
  result.elapsedMs = Date.now() - t0;
  if (outcome === null) {
    controller.abort();
    result.settled = false;
    await Promise.resolve(promise).catch(() => {});
  } else {
    settledAt = Date.now();
    result.settled = true;
    if ('e' in outcome) {
      result.error = describeError(m, outcome.e);
    } else {
      result.ok = true;
      const v = outcome.v;
      if (v && typeof v === 'object' && 'failed' in v) {
        result.value = {
          events: describeSet(v.events),
          failed: v.failed.map((f) => ({ displayId: f.displayId, error: describeError(m, f.error) })),
        };
        v.events?.free?.();
      } else if (v instanceof m.EventSet) {
        result.value = describeSet(v);
        v.free();
      } else {
        result.value = JSON.parse(JSON.stringify(v ?? null));
      }
    }
  }
  if (spec.afterMs) await sleep(spec.afterMs);
  try { client.free?.(); } catch { /* freed already */ }
  return result;
}

/** Error fields worth printing when an assertion fails. */
export function brief(r) {
  const e = r?.constructError ?? r?.error;
  const short = e ? { ctor: e.ctor, reporting: e.reporting, code: e.code, status: e.status, message: e.message?.slice?.(0, 300) } : undefined;
  return JSON.stringify({ settled: r?.settled, ok: r?.ok, constructError: !!r?.constructError, error: short, value: r?.ok ? (r.value?.length ?? r.value?.failed?.length ?? '…') : undefined, elapsedMs: r?.elapsedMs });
}
