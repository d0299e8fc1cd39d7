import type { Counters } from "./store/store.ts";

export interface LoginLimits {
  windowSeconds: number;
  /** Failed attempts allowed per e-mail address per window. */
  maxPerEmail: number;
  /** Failed attempts allowed per client IP per window. */
  maxPerIp: number;
}

/** The contract's numbers: 10 per e-mail and 30 per IP in 15 minutes. */
export const LOGIN_LIMITS: LoginLimits = { windowSeconds: 15 * 60, maxPerEmail: 10, maxPerIp: 30 };

export type LoginAttempt =
  | {
      ok: true;
      /** The password was right: the e-mail's counter starts over, the IP's slot is given back. */
      succeeded(): Promise<void>;
    }
  | { ok: false; retryAfterSeconds: number };

export interface LoginLimiter {
  /** Reserves one attempt for this e-mail and IP, or says how long to wait. */
  begin(email: string, ip: string | null): Promise<LoginAttempt>;
}

/** E-mail addresses are hashed into the key: the store never holds them in clear. */
function emailKey(prefix: string, email: string): string {
  return `${prefix}login:email:${new Bun.CryptoHasher("sha256").update(email).digest("hex")}`;
}

/**
 * Counts failed logins in the shared store. Every attempt first takes a slot on both counters in
 * one atomic step, so parallel attempts cannot slip past a limit between a check and a write; a
 * successful one gives its slots back (the e-mail's count starts over). Past either limit the
 * answer is 429 with Retry-After, even for the right password, and the rejected attempt counts for
 * nothing. Two store round trips per login in all.
 */
export function createLoginLimiter(
  counters: Counters,
  limits: LoginLimits = LOGIN_LIMITS,
  keyPrefix = "",
): LoginLimiter {
  return {
    async begin(email, ip) {
      const byEmail = emailKey(keyPrefix, email);
      const byIp = ip === null ? null : `${keyPrefix}login:ip:${ip}`;
      const consumed = await counters.consume(
        byIp === null
          ? [{ key: byEmail, max: limits.maxPerEmail }]
          : [
              { key: byEmail, max: limits.maxPerEmail },
              { key: byIp, max: limits.maxPerIp },
            ],
        limits.windowSeconds,
      );
      if (!consumed.ok) return consumed;
      return {
        ok: true,
        succeeded: () => counters.release([byEmail], byIp === null ? [] : [byIp]),
      };
    },
  };
}
