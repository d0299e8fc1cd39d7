/**
 * What one provider request has read already. oidc-provider reads a token, then its client, its
 * grant and its account, each when it needs it: four round trips for one userinfo. When the
 * adapter reads a token, it reads what the token names in the same statement and keeps it here;
 * the later reads of the same request take it from here instead of asking again.
 *
 * Kept for one request only (bridge.ts opens the scope around each), so nothing here outlives the
 * moment it was read: a session ended a second later is seen by the next request. A write of the
 * request (a grant saved) drops what was kept of it.
 */
import { AsyncLocalStorage } from "node:async_hooks";

type Reads = Map<string, Promise<unknown>>;
const scope = new AsyncLocalStorage<Reads>();

/** Runs `fn` (one provider request) with a scope of its own. */
export const withRequestReads = <T>(fn: () => T): T => scope.run(new Map(), fn);

/** A key of what is kept: the model and its id. */
export type ReadKey = `${"Client" | "Grant" | "Account"}:${string}`;

/** Keeps what was read (or is being read) for the rest of the request; nothing outside a request. */
export function keep(key: ReadKey, value: Promise<unknown>): void {
  const reads = scope.getStore();
  if (!reads) return;
  // The read's failure is answered by whoever takes it, not as an unhandled rejection.
  value.catch(() => {});
  reads.set(key, value);
}

/** What this request read already under `key`, or `read()` when it did not. */
export function readOnce<T>(key: ReadKey, read: () => Promise<T>): Promise<T> {
  const kept = scope.getStore()?.get(key);
  return kept ? (kept as Promise<T>) : read();
}

/** Drops what was kept under `key` (the request wrote it). */
export function forget(key: ReadKey): void {
  scope.getStore()?.delete(key);
}
