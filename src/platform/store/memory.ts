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
  /** Revoked token ids and ended session ids (both random UUIDs) with their expiry times. */
  const revoked = new Map<string, number>();
  const ttl = (seconds: number) => now() + Math.max(1, Math.ceil(seconds)) * 1000;
  const has = (id: string): boolean => {
    const expiresAt = revoked.get(id);
    if (expiresAt === undefined) return false;
    if (expiresAt > now()) return true;
    revoked.delete(id);
    return false;
  };
  const counters = new Map<string, { count: number; expiresAt: number }>();
  const liveCounter = (key: string) => {
    const entry = counters.get(key);
    if (entry && entry.expiresAt > now()) return entry;
    counters.delete(key);
    return undefined;
  };
  const ephemeral = new Map<string, { value: string; expiresAt: number }>();
  const liveValue = (key: string) => {
    const entry = ephemeral.get(key);
    if (entry && entry.expiresAt > now()) return entry.value;
    ephemeral.delete(key);
    return null;
  };
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, entry] of ephemeral) if (entry.expiresAt <= t) ephemeral.delete(key);
    for (const [jti, expiresAt] of revoked) if (expiresAt <= t) revoked.delete(jti);
    for (const [key, entry] of counters) if (entry.expiresAt <= t) counters.delete(key);
  }, options.sweepIntervalMs ?? 60_000);
  sweep.unref();

  return {
    kind: "memory",
    async revoke(jti, ttlSeconds) {
      revoked.set(`jti:${jti}`, ttl(ttlSeconds));
    },
    async endSessions(sessions) {
      for (const { sid, ttlSeconds } of sessions) revoked.set(`sid:${sid}`, ttl(ttlSeconds));
    },
    async isRevoked(jti, sid) {
      return has(`jti:${jti}`) || has(`sid:${sid}`);
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
    async put(key, value, ttlSeconds) {
      ephemeral.set(key, { value, expiresAt: ttl(ttlSeconds) });
    },
    async peek(key) {
      return liveValue(key);
    },
    async take(key) {
      const value = liveValue(key);
      ephemeral.delete(key);
      return value;
    },
    async ping() {},
    async close() {
      clearInterval(sweep);
      ephemeral.clear();
      revoked.clear();
      counters.clear();
    },
  };
}
