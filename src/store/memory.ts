import type { Store } from "./store.ts";

export interface MemoryStoreOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** How often expired entries are swept, in ms. */
  sweepIntervalMs?: number;
}

/**
 * The embedded store: a Map with expiry times. Entries are checked for expiry on read and swept
 * periodically, so memory stays bounded by the tokens revoked in the last TTL.
 * Single process only: a second replica would not see this process's revocations.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const revoked = new Map<string, number>();
  const sweep = setInterval(() => {
    const t = now();
    for (const [jti, expiresAt] of revoked) if (expiresAt <= t) revoked.delete(jti);
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
    async ping() {},
    async close() {
      clearInterval(sweep);
      revoked.clear();
    },
  };
}
