/**
 * The sign-in between a correct password and the second factor: an `mfa_token` (256 random bits,
 * not an access token: no protected route takes it) standing for the user for 5 minutes, in the
 * shared store so any replica can finish what another began. It is used once, and answers at most 5
 * codes: each is counted before it is judged, in one atomic step, so codes sent in parallel cannot
 * get past the cap either.
 * The store holds it under the token's SHA-256, never the token.
 */

import { randomToken, sha256Hex as sha256 } from "../platform/secrets.ts";
import type { Store } from "../platform/store/store.ts";
import type { ByProvider } from "../session/records.ts";

export const PENDING_SECONDS = 5 * 60;
export const MAX_CODE_ATTEMPTS = 5;

const keyOf = (token: string) => `mfa:${sha256(token)}`;

interface Pending {
  userId: string;
  /** How the first step was proven, when not by a password (`provider:{id}`). */
  via?: ByProvider;
  /** When it ends (ms), judged by the app's clock as well as the store's TTL (tests move the clock). */
  exp: number;
}

export function createPendingSignIns(store: Store, now: () => number = Date.now) {
  const read = (value: string | null): Pending | null => {
    if (value === null) return null;
    const pending = JSON.parse(value) as Pending;
    return pending.exp > now() ? pending : null;
  };

  return {
    async start(userId: string, via?: ByProvider): Promise<string> {
      const token = randomToken();
      const pending: Pending = { userId, exp: now() + PENDING_SECONDS * 1000, ...(via ? { via } : {}) };
      await store.put(keyOf(token), JSON.stringify(pending), PENDING_SECONDS);
      return token;
    },

    /** The user a live token stands for, or null (unknown, expired, used, dead). */
    async peek(token: string): Promise<string | null> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
      return read(await store.peek(keyOf(token)))?.userId ?? null;
    },

    /**
     * Counts a code about to be judged: false (and the token dead) once 5 have been, however many
     * arrive at once.
     */
    async attempt(token: string): Promise<boolean> {
      const counted = await store.consume([{ key: `${keyOf(token)}:codes`, max: MAX_CODE_ATTEMPTS }], PENDING_SECONDS);
      if (counted.ok) return true;
      await store.take(keyOf(token));
      return false;
    },

    /**
     * Uses the token: its user (and how the first step was proven, when not by a password), or null
     * when another request used it first (or it is gone).
     */
    async finish(token: string): Promise<Pick<Pending, "userId" | "via"> | null> {
      return read(await store.take(keyOf(token)));
    },
  };
}

export type PendingSignIns = ReturnType<typeof createPendingSignIns>;
