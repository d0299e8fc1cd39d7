import type { Store } from "./store.ts";

export interface MemoryStoreOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** How often expired entries are swept, in ms. */
  sweepIntervalMs?: number;
}

/**
 * The embedded store: Maps with expiry times. Entries are checked for expiry on read and swept
 * periodically, so memory stays bounded by the tokens revoked in the last TTL.
 * Single process only: a second replica would not see this process's revocations.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const revoked = new Map<string, number>();
  const counters = new Map<string, { count: number; expiresAt: number }>();
  const liveCounter = (key: string) => {
    const entry = counters.get(key);
    if (entry && entry.expiresAt > now()) return entry;
    counters.delete(key);
    return undefined;
  };
  const sweep = setInterval(() => {
    const t = now();
    for (const [jti, expiresAt] of revoked) if (expiresAt <= t) revoked.delete(jti);
    for (const [key, entry] of counters) if (entry.expiresAt <= t) counters.delete(key);
  }, options.sweepIntervalMs ?? 60_000);
  sweep.unref();

  return {
    kind: "memory",
    async revoke(jti, ttlSeconds) {
      revoked.set(jti, now() + Math.max(1, Math.ceil(ttlSeconds)) * 1000);
    },
    async isRevoked(jti) {
      const expiresAt = revoked.get(jti);
      if (expiresAt === undefined) return false;
      if (expiresAt > now()) return true;
      revoked.delete(jti);
      return false;
    },
    async consume(limits, windowSeconds) {
      let wait = 0;
      const entries = limits.map(({ key, max }) => {
        const entry = liveCounter(key) ?? { count: 0, expiresAt: now() + windowSeconds * 1000 };
        entry.count++;
        counters.set(key, entry);
        if (entry.count > max) wait = Math.max(wait, Math.ceil((entry.expiresAt - now()) / 1000), 1);
        return entry;
      });
      if (wait === 0) return { ok: true };
      for (const entry of entries) entry.count--;
      return { ok: false, retryAfterSeconds: wait };
    },
    async release(reset, decrement) {
      for (const key of reset) counters.delete(key);
      for (const key of decrement) {
        const entry = liveCounter(key);
        if (entry && entry.count > 0) entry.count--;
      }
    },
    async ping() {},
    async close() {
      clearInterval(sweep);
      revoked.clear();
      counters.clear();
    },
  };
}
