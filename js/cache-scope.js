// The key of one cache scope: on its own, so `scopeKey` (synchronous, in the package's
// main API) needs none of js/cache.js, which loads only when a cache is used (issue 16).

/**
 * The key of one store of events: a Chatwoot, an account, and the request's filters (a
 * filtered request is cached apart, so it returns exactly what the server would).
 * @param {{baseUrl: string, accountId: number}} where  e.g. `client.toJSON()`
 * @param {{inboxId?: number, userId?: number, name?: string}} [filters]
 */
export function scopeKey({ baseUrl, accountId }, { inboxId, userId, name } = {}) {
  const base = String(baseUrl).replace(/\/+$/, '');
  return JSON.stringify([base, Number(accountId), inboxId ?? null, userId ?? null, name ?? null]);
}
