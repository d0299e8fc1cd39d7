import { RedisClient } from "bun";
import { createDeadline } from "../deadline.ts";
import { UnavailableError } from "../errors.ts";
import { COUNTER_PREFIX, ENDED_SESSION_PREFIX, EPHEMERAL_PREFIX, REVOKED_PREFIX, type Store } from "./store.ts";

/**
 * Counters.consume in one atomic step. KEYS: the counters; ARGV[1]: the window; ARGV[i + 1]: the
 * limit of KEYS[i]. INCR each (a new key, or one that lost its TTL, starts its window); if any is
 * past its limit, DECR them all back and return the longest wait; else 0.
 */
const CONSUME = `
local window = tonumber(ARGV[1])
local wait = 0
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  local ttl = redis.call('TTL', key)
  if ttl < 0 then
    redis.call('EXPIRE', key, window)
    ttl = window
  end
  if n > tonumber(ARGV[i + 1]) then wait = math.max(wait, ttl, 1) end
end
if wait > 0 then
  for _, key in ipairs(KEYS) do redis.call('DECR', key) end
end
return wait`;

/** Counters.release: DEL the first ARGV[1] keys, DECR the rest (never below zero, TTL kept). */
const RELEASE = `
local resets = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if i <= resets then
    redis.call('DEL', key)
  elseif tonumber(redis.call('GET', key) or '0') > 0 then
    redis.call('DECR', key)
  end
end
return 0`;

/** Blocklist.endSessions: SET KEYS[i] with a TTL of ARGV[i] seconds, all at once. */
const END_SESSIONS = `
for i, key in ipairs(KEYS) do
  redis.call('SET', key, '1', 'EX', tonumber(ARGV[i]))
end
return 0`;

/** Every call answers or fails within this (ms), so a request gets its 503 well within 2 s. */
const STORE_DEADLINE_MS = 1500;

export interface RedisStoreOptions {
  /** A call slower than this fails with 503 (ms): a silent store must not hold requests. */
  deadlineMs?: number;
  /** Prefix for every key, so tests can keep to their own keys. */
  keyPrefix?: string;
  /** How long to wait for the first connection before starting without it (ms). */
  firstConnectTimeoutMs?: number;
  onStateChange?: (state: "ready" | "down", detail?: string) => void;
}

/** Reconnection backoff: 50 ms doubling to 2 s, for as long as Redis is away. */
const backoffMs = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);

/**
 * The shared store on Redis, through Bun's built-in client. It connects in the background and
 * reconnects forever with backoff (a loop of its own: the client's auto-reconnect gives up after
 * a bounded number of tries); while it is down every call rejects at once (no offline queue), so
 * requests answer 503 instead of waiting or passing unchecked.
 *
 * Auto-pipelining is off: each request sends its one command in its own turn of the event loop,
 * and bun bench/drivers.ts measured the client without it at 169k calls/s and 5.7 us of CPU per
 * call against 97k and 10.0 us with it (50 in flight).
 */
export async function connectRedisStore(url: string, options: RedisStoreOptions = {}): Promise<Store> {
  const prefix = `${options.keyPrefix ?? ""}${REVOKED_PREFIX}`;
  const counterPrefix = `${options.keyPrefix ?? ""}${COUNTER_PREFIX}`;
  const endedPrefix = `${options.keyPrefix ?? ""}${ENDED_SESSION_PREFIX}`;
  const ephemeralPrefix = `${options.keyPrefix ?? ""}${EPHEMERAL_PREFIX}`;
  const client = new RedisClient(url, {
    connectionTimeout: 2000,
    autoReconnect: false,
    enableOfflineQueue: false,
    enableAutoPipelining: false,
  });
  let closing = false;
  let down = false;
  let lost: (() => void) | undefined;
  client.onclose = () => lost?.();
  const markDown = (detail: string) => {
    // Reported once per outage; the loop keeps reconnecting.
    if (!down) options.onStateChange?.("down", detail);
    down = true;
  };

  /** Connects, waits for the connection to close, and starts again, until close(). */
  const keepConnected = async (firstAttempt: () => void) => {
    for (let attempt = 0; !closing; ) {
      const closed = new Promise<void>((resolve) => {
        lost = resolve;
      });
      try {
        await client.connect();
        if (down) options.onStateChange?.("ready");
        down = false;
        attempt = 0;
        firstAttempt();
        await closed;
        if (!closing) markDown("connection closed");
      } catch (error) {
        markDown(error instanceof Error ? error.message : String(error));
        firstAttempt();
      }
      if (!closing) await Bun.sleep(backoffMs(attempt++));
    }
  };
  // Wait briefly for the first connection so the first requests are not refused; if Redis is
  // down the process starts anyway, answers 503, and recovers when Redis is back.
  await Promise.race([
    new Promise<void>((resolve) => void keepConnected(resolve)),
    Bun.sleep(options.firstConnectTimeoutMs ?? 2000),
  ]);

  const deadline = createDeadline("store", options.deadlineMs ?? STORE_DEADLINE_MS);
  const toUnavailable = (error: unknown): UnavailableError =>
    error instanceof UnavailableError ? error : new UnavailableError("store", { cause: error });
  const unavailable = (error: unknown): never => {
    throw toUnavailable(error);
  };
  /** One promise per call on top of the client's, since this is on every request. */
  const guard = <T>(run: () => Promise<T>): Promise<T> => {
    if (!client.connected) return Promise.reject(new UnavailableError("store"));
    try {
      return deadline(run()).catch(unavailable);
    } catch (error) {
      return Promise.reject(toUnavailable(error));
    }
  };
  const evalScript = (script: string, keys: string[], args: string[]) =>
    guard(() => client.send("EVAL", [script, String(keys.length), ...keys, ...args]));

  return {
    kind: "redis",
    async revoke(jti, ttlSeconds) {
      await guard(() => client.set(prefix + jti, "1", "EX", Math.max(1, Math.ceil(ttlSeconds))));
    },
    async endSessions(sessions) {
      if (sessions.length === 0) return;
      await evalScript(
        END_SESSIONS,
        sessions.map(({ sid }) => endedPrefix + sid),
        sessions.map(({ ttlSeconds }) => String(Math.max(1, Math.ceil(ttlSeconds)))),
      );
    },
    // On every authenticated request: one EXISTS over both keys (how many of them exist).
    isRevoked: (jti, sid) =>
      guard(() => client.send("EXISTS", [prefix + jti, endedPrefix + sid])).then((count) => Number(count) > 0),
    async consume(limits, windowSeconds) {
      const keys = limits.map((limit) => counterPrefix + limit.key);
      const wait = Number(
        await evalScript(CONSUME, keys, [String(windowSeconds), ...limits.map((limit) => String(limit.max))]),
      );
      return wait > 0 ? { ok: false, retryAfterSeconds: wait } : { ok: true };
    },
    async release(reset, decrement) {
      const keys = [...reset, ...decrement].map((key) => counterPrefix + key);
      if (keys.length) await evalScript(RELEASE, keys, [String(reset.length)]);
    },
    async put(key, value, ttlSeconds) {
      await guard(() => client.set(ephemeralPrefix + key, value, "EX", Math.max(1, Math.ceil(ttlSeconds))));
    },
    peek: (key) => guard(() => client.get(ephemeralPrefix + key)),
    // GETDEL (Redis 6.2): the value and its removal in one step.
    take: (key) =>
      guard(() => client.send("GETDEL", [ephemeralPrefix + key])).then((v) => (v == null ? null : String(v))),
    async ping() {
      await guard(() => client.ping());
    },
    async close() {
      closing = true;
      lost?.();
      client.close();
    },
  };
}
