/**
 * The mechanism of every rate limit: counters in the shared store (replicas see one count), an
 * attempt taken before the work it guards, and past a limit a RateLimitedError (the 429 with
 * Retry-After, made in one place: http/errors.ts). Each feature declares its own limits (its
 * `limits.ts`): the numbers, what a success does to the count, and the sentence of the 429.
 */
import { BusyError, UnavailableError } from "./errors.ts";
import { sha256Hex } from "./secrets.ts";
import type { Counters } from "./store/store.ts";

/** How many attempts a window allows, per e-mail address, per client network, per account. */
export interface LimitNumbers {
  windowSeconds: number;
  maxPerEmail?: number;
  maxPerIp?: number;
  maxPerAccount?: number;
}

/**
 * What a success does to the count: `keep` every slot (a sign-up made is still one sign-up),
 * `give-back` every slot (a right password), `start-over` (a sign-in: the e-mail's count starts
 * over and the network gets its slot back).
 */
export type OnSuccess = "keep" | "give-back" | "start-over";

export interface LimitRule<N extends LimitNumbers = LimitNumbers> {
  /** The counters' name in the store (`login:email:<sha256>`); fixed, so replicas of two versions agree. */
  scope: string;
  /** The contract's numbers (tests shrink them through AppDeps.rateLimits). */
  numbers: N;
  onSuccess: OnSuccess;
  /** The 429's sentence. */
  message(retryAfterSeconds: number): string;
}

/** A feature's limits by name (`limiter.attempt("login", …)`). */
export type LimitRules = Readonly<Record<string, LimitRule>>;

/** Past a limit: the 429 with Retry-After (http/errors.ts). */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = "RateLimitedError";
  }
}

/**
 * One attempt, counted before the work it guards. Its outcome decides what happens to the count:
 * a success does what its rule says; a failure the limit is about (a wrong password) keeps the
 * slot; a failure of the server's own (503: hashing queue full, database or store down) gives it
 * back, so an outage never locks anybody out.
 */
export interface Attempt {
  succeeded(): Promise<void>;
  /** The attempt did not get an answer (the server failed): it counts for nothing. */
  abandoned(): Promise<void>;
}

/** Who an attempt counts against; a counter whose value is null or absent is not taken. */
export interface Counted {
  email?: string | null;
  ip?: string | null;
  account?: string | null;
}

export interface RateLimiter {
  /** Takes a slot on each of the limit's counters, or throws RateLimitedError past any of them. */
  attempt(limit: string, who: Counted): Promise<Attempt>;
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
const hashed = sha256Hex;

/**
 * The limits over the shared counters. Every attempt first takes a slot on each of its counters
 * in one atomic step, so parallel attempts cannot slip past a limit between a check and a write;
 * its outcome then gives slots back (see Attempt). Two store round trips per attempt at most.
 * `numbers` replaces a rule's numbers by name (tests shrink them).
 */
export function createRateLimiter(
  counters: Counters,
  rules: LimitRules,
  numbers: Readonly<Record<string, LimitNumbers>> = {},
  keyPrefix = "",
): RateLimiter {
  const none: Attempt = { succeeded: async () => {}, abandoned: async () => {} };
  return {
    async attempt(name, who) {
      const rule = rules[name];
      if (!rule) throw new Error(`no rate limit named ${name}`);
      const { windowSeconds, maxPerEmail, maxPerIp, maxPerAccount } = numbers[name] ?? rule.numbers;
      const key = (kind: string, value: string) => `${keyPrefix}${rule.scope}:${kind}:${value}`;
      const byEmail = maxPerEmail !== undefined && who.email != null ? key("email", hashed(who.email)) : null;
      const byIp = maxPerIp !== undefined && who.ip != null ? key("ip", clientNetwork(who.ip)) : null;
      const byAccount = maxPerAccount !== undefined && who.account != null ? key("account", who.account) : null;
      const keys = [
        ...(byEmail ? [{ key: byEmail, max: maxPerEmail as number }] : []),
        ...(byIp ? [{ key: byIp, max: maxPerIp as number }] : []),
        ...(byAccount ? [{ key: byAccount, max: maxPerAccount as number }] : []),
      ];
      if (keys.length === 0) return none;
      const consumed = await counters.consume(keys, windowSeconds);
      if (!consumed.ok)
        throw new RateLimitedError(rule.message(consumed.retryAfterSeconds), consumed.retryAfterSeconds);
      const all = keys.map((k) => k.key);
      const onSuccess =
        rule.onSuccess === "keep"
          ? { reset: [], decrement: [] }
          : rule.onSuccess === "give-back"
            ? { reset: [], decrement: all }
            : { reset: byEmail ? [byEmail] : [], decrement: all.filter((k) => k !== byEmail) };
      return {
        succeeded: () => counters.release(onSuccess.reset, onSuccess.decrement),
        abandoned: () => counters.release([], all),
      };
    },
  };
}

/**
 * Runs `work` as the attempt: gives the slot back when the server itself failed (anything but
 * an answer the limit is about), and lets `work` decide success by calling `attempt.succeeded()`.
 */
export async function guarded<T>(attempt: Attempt, work: () => Promise<T>): Promise<T> {
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
