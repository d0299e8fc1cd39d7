/**
 * The shared store: the revocation blocklist (and, later, counters). Two implementations
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

export interface Store extends Blocklist {
  readonly kind: "redis" | "memory";
  /** Resolves when the store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const REVOKED_PREFIX = "datta:revoked:";
