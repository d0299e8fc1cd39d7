/**
 * The shared store: the revocation blocklist, the rate-limit counters and short-lived values. Two implementations
 * behind one interface pass one test suite: Redis (shared by every replica) and in-process
 * (the embedded default, single process only).
 *
 * Every method throws UnavailableError("store") when the store cannot answer: callers fail
 * closed, never treating "could not check" as "not revoked".
 */
export interface Blocklist {
  /** Marks a token id as revoked for `ttlSeconds` (the token's remaining lifetime). */
  revoke(jti: string, ttlSeconds: number): Promise<void>;
  /**
   * Marks sessions as ended, each for its `ttlSeconds` (until no token of it could be alive
   * anyway), all in one step.
   */
  endSessions(sessions: ReadonlyArray<{ sid: string; ttlSeconds: number }>): Promise<void>;
  /** In one round trip: is the token revoked, or its session ended? */
  isRevoked(jti: string, sid: string): Promise<boolean>;
}

export type Consumed = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Windowed counters for rate limiting, atomic so that every replica sees one count. */
export interface Counters {
  /**
   * Counts one attempt on every key at once (a new key lives `windowSeconds`). If any key is then
   * past its `max`, the attempt is taken back from all of them and the answer says how long until
   * the longest such window ends. One atomic step: parallel attempts cannot slip past a limit.
   */
  consume(limits: ReadonlyArray<{ key: string; max: number }>, windowSeconds: number): Promise<Consumed>;
  /** Gives an attempt back: `reset` keys start over, `decrement` keys lose one (never below zero). */
  release(reset: readonly string[], decrement: readonly string[]): Promise<void>;
}

/**
 * Short-lived values every replica sees: a sign-in's second step (the mfa_token's state), WebAuthn
 * challenges. Keys are chosen by the caller (hashes of random tokens, never the tokens).
 */
export interface Ephemeral {
  /** Keeps `value` under `key` for `ttlSeconds`, replacing what was there. */
  put(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** The value, or null when there is none (never set, expired, taken). */
  peek(key: string): Promise<string | null>;
  /** The value, removed in the same atomic step: of two callers racing, one gets it. */
  take(key: string): Promise<string | null>;
}

export interface Store extends Blocklist, Counters, Ephemeral {
  readonly kind: "redis" | "memory";
  /** Resolves when the store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const REVOKED_PREFIX = "datta:revoked:";
export const ENDED_SESSION_PREFIX = "datta:ended:";
export const COUNTER_PREFIX = "datta:count:";
export const EPHEMERAL_PREFIX = "datta:eph:";
