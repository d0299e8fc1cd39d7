/**
 * The shared store: the revocation blocklist and the rate-limit counters. Two implementations
 * behind one interface pass one test suite: Redis (shared by every replica) and in-process
 * (the embedded default, single process only).
 *
 * Every method throws UnavailableError("store") when the store cannot answer: callers fail
 * closed, never treating "could not check" as "not revoked".
 */
export interface Blocklist {
  /** Marks a token id as revoked for `ttlSeconds` (the token's remaining lifetime). */
  revoke(jti: string, ttlSeconds: number): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
}

/** Windowed counters for rate limiting, atomic so that every replica sees one count. */
export interface Counters {
  /**
   * Adds one to `key`; a new key lives `windowSeconds`. Returns the new count and the seconds
   * until the window resets.
   */
  increment(key: string, windowSeconds: number): Promise<{ count: number; resetSeconds: number }>;
  /** Takes one back (never below zero), keeping the window. */
  decrement(key: string): Promise<void>;
  /** Forgets `key`. */
  reset(key: string): Promise<void>;
}

export interface Store extends Blocklist, Counters {
  readonly kind: "redis" | "memory";
  /** Resolves when the store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const REVOKED_PREFIX = "datta:revoked:";
export const COUNTER_PREFIX = "datta:count:";
