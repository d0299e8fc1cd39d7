import { BusyError, UnavailableError } from "./errors.ts";
import type { Counters } from "./store/store.ts";

/**
 * Every limit the API sets, in one place. Each counts attempts in the shared store, so replicas
 * see one count; past a limit the answer is 429 with Retry-After.
 */
export interface RateLimits {
  /** Failed sign-ins (login, token): per e-mail address and per client IP. */
  login: { windowSeconds: number; maxPerEmail: number; maxPerIp: number };
  /** Wrong current passwords given to password change and account deletion, per account. */
  passwordChecks: { windowSeconds: number; maxPerAccount: number };
  /** Sign-ups per client IP. */
  signups: { windowSeconds: number; maxPerIp: number };
  /** Password reset requests: per e-mail address and per client IP. */
  resetRequests: { windowSeconds: number; maxPerEmail: number; maxPerIp: number };
  /** Confirmation mails asked for again, per account. */
  verificationMails: { windowSeconds: number; maxPerAccount: number };
  /** Passkey sign-in challenges, per client IP. */
  passkeyChallenges: { windowSeconds: number; maxPerIp: number };
}

/** The contract's numbers. */
export const RATE_LIMITS: RateLimits = {
  login: { windowSeconds: 15 * 60, maxPerEmail: 10, maxPerIp: 30 },
  passwordChecks: { windowSeconds: 15 * 60, maxPerAccount: 5 },
  signups: { windowSeconds: 3600, maxPerIp: 10 },
  resetRequests: { windowSeconds: 3600, maxPerEmail: 5, maxPerIp: 20 },
  verificationMails: { windowSeconds: 3600, maxPerAccount: 5 },
  passkeyChallenges: { windowSeconds: 300, maxPerIp: 30 },
};

/**
 * One attempt, counted before the work it guards. Its outcome decides what happens to the count:
 * a success gives the slot back (a sign-in also starts the e-mail's count over); a failure the
 * limit is about (a wrong password) keeps it; a failure of the server's own (503: hashing queue
 * full, database or store down) gives it back, so an outage never locks anybody out.
 */
export type Attempt =
  | {
      ok: true;
      succeeded(): Promise<void>;
      /** The attempt did not get an answer (the server failed): it counts for nothing. */
      abandoned(): Promise<void>;
    }
  | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  login(email: string, ip: string | null): Promise<Attempt>;
  passwordCheck(accountId: string): Promise<Attempt>;
  /** Every sign-up that passed the field rules counts, made or refused (409 must not be free). */
  signup(ip: string | null): Promise<Attempt>;
  /** Every request counts, for a known address or not (or the limit would tell them apart). */
  resetRequest(email: string, ip: string | null): Promise<Attempt>;
  /** Every mail sent counts. */
  verificationMail(accountId: string): Promise<Attempt>;
  /** Every challenge handed out counts. */
  passkeyChallenge(ip: string | null): Promise<Attempt>;
}

/**
 * The network a client stands for: an IPv4 address itself, an IPv6 address its /64 (one
 * subscriber usually holds a whole /64, so counting single addresses would let it walk past any
 * limit). Unparseable input is used as it is.
 */
export function clientNetwork(ip: string): string {
  if (!ip.includes(":")) return ip;
  const [head = "", tail] = ip.split("::", 2) as [string, string | undefined];
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  if (right.some((group) => group.includes("."))) return ip; // an IPv4-mapped tail: leave it alone
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return ip;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}

/** E-mail addresses are hashed into the key: the store never holds them in clear. */
function hashed(value: string): string {
  return new Bun.CryptoHasher("sha256").update(value).digest("hex");
}

/**
 * The limits over the shared counters. Every attempt first takes a slot on each of its counters
 * in one atomic step, so parallel attempts cannot slip past a limit between a check and a write;
 * its outcome then gives slots back (see Attempt). Two store round trips per attempt at most.
 */
export function createRateLimiter(counters: Counters, limits: RateLimits = RATE_LIMITS, keyPrefix = ""): RateLimiter {
  const ipKey = (scope: string, ip: string) => `${keyPrefix}${scope}:ip:${clientNetwork(ip)}`;

  async function take(
    keys: ReadonlyArray<{ key: string; max: number }>,
    windowSeconds: number,
    onSuccess: { reset: string[]; decrement: string[] },
  ): Promise<Attempt> {
    if (keys.length === 0) return { ok: true, succeeded: async () => {}, abandoned: async () => {} };
    const consumed = await counters.consume(keys, windowSeconds);
    if (!consumed.ok) return consumed;
    const all = keys.map(({ key }) => key);
    return {
      ok: true,
      succeeded: () => counters.release(onSuccess.reset, onSuccess.decrement),
      abandoned: () => counters.release([], all),
    };
  }

  return {
    login(email, ip) {
      const byEmail = `${keyPrefix}login:email:${hashed(email)}`;
      const byIp = ip === null ? null : ipKey("login", ip);
      const keys = [{ key: byEmail, max: limits.login.maxPerEmail }];
      if (byIp !== null) keys.push({ key: byIp, max: limits.login.maxPerIp });
      // A sign-in starts the e-mail's count over and gives the IP its slot back.
      return take(keys, limits.login.windowSeconds, { reset: [byEmail], decrement: byIp === null ? [] : [byIp] });
    },
    passwordCheck(accountId) {
      const key = `${keyPrefix}password-check:account:${accountId}`;
      return take([{ key, max: limits.passwordChecks.maxPerAccount }], limits.passwordChecks.windowSeconds, {
        reset: [],
        decrement: [key],
      });
    },
    signup(ip) {
      if (ip === null) return take([], 0, { reset: [], decrement: [] });
      const key = ipKey("signup", ip);
      // A sign-up keeps its slot whatever the answer: made or refused, it was one sign-up.
      return take([{ key, max: limits.signups.maxPerIp }], limits.signups.windowSeconds, { reset: [], decrement: [] });
    },
    resetRequest(email, ip) {
      const { windowSeconds, maxPerEmail, maxPerIp } = limits.resetRequests;
      const keys = [{ key: `${keyPrefix}reset:email:${hashed(email)}`, max: maxPerEmail }];
      if (ip !== null) keys.push({ key: ipKey("reset", ip), max: maxPerIp });
      return take(keys, windowSeconds, { reset: [], decrement: [] });
    },
    verificationMail(accountId) {
      const key = `${keyPrefix}verification-mail:account:${accountId}`;
      const { windowSeconds, maxPerAccount } = limits.verificationMails;
      return take([{ key, max: maxPerAccount }], windowSeconds, { reset: [], decrement: [] });
    },
    passkeyChallenge(ip) {
      if (ip === null) return take([], 0, { reset: [], decrement: [] });
      const { windowSeconds, maxPerIp } = limits.passkeyChallenges;
      return take([{ key: ipKey("passkey", ip), max: maxPerIp }], windowSeconds, { reset: [], decrement: [] });
    },
  };
}

/**
 * Runs `work` as the attempt: gives the slot back when the server itself failed (anything but
 * an answer the limit is about), and lets `work` decide success by calling `attempt.succeeded()`.
 */
export async function guarded<T>(attempt: Attempt & { ok: true }, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isServerFailure(error)) await attempt.abandoned().catch(() => {});
    throw error;
  }
}

/** A failure of the server's own, not of the client's attempt: an outage or a full queue. */
function isServerFailure(error: unknown): boolean {
  return error instanceof UnavailableError || error instanceof BusyError;
}
