import { createClient } from "redis";
import { createDeadline } from "../deadline.ts";
import { UnavailableError } from "../errors.ts";
import { COUNTER_PREFIX, REVOKED_PREFIX, type Store } from "./store.ts";

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

/**
 * The shared store on Redis. It connects in the background and reconnects forever with backoff;
 * while it is down every call rejects at once (no offline queue), so requests answer 503 instead
 * of waiting or passing unchecked.
 */
export async function connectRedisStore(url: string, options: RedisStoreOptions = {}): Promise<Store> {
  const prefix = `${options.keyPrefix ?? ""}${REVOKED_PREFIX}`;
  const counterPrefix = `${options.keyPrefix ?? ""}${COUNTER_PREFIX}`;
  let down = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000),
    },
  });
  client.on("ready", () => {
    if (down) options.onStateChange?.("ready");
    down = false;
  });
  client.on("error", (error: Error) => {
    // Reported once per outage; the client keeps reconnecting.
    if (!down) options.onStateChange?.("down", error.message);
    down = true;
  });
  const connecting = client.connect().catch(() => {});
  // Wait briefly for the first connection so the first requests are not refused; if Redis is
  // down the process starts anyway, answers 503, and recovers when Redis is back.
  await Promise.race([connecting, Bun.sleep(options.firstConnectTimeoutMs ?? 2000)]);

  const deadline = createDeadline("store", options.deadlineMs ?? STORE_DEADLINE_MS);
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    if (!client.isReady) throw new UnavailableError("store");
    try {
      return await deadline(run());
    } catch (error) {
      throw error instanceof UnavailableError ? error : new UnavailableError("store", { cause: error });
    }
  };

  return {
    kind: "redis",
    async revoke(jti, ttlSeconds) {
      await guard(() =>
        client.set(prefix + jti, "1", { expiration: { type: "EX", value: Math.max(1, Math.ceil(ttlSeconds)) } }),
      );
    },
    async isRevoked(jti) {
      return (await guard(() => client.exists(prefix + jti))) === 1;
    },
    async consume(limits, windowSeconds) {
      const wait = Number(
        await guard(() =>
          client.eval(CONSUME, {
            keys: limits.map((limit) => counterPrefix + limit.key),
            arguments: [String(windowSeconds), ...limits.map((limit) => String(limit.max))],
          }),
        ),
      );
      return wait > 0 ? { ok: false, retryAfterSeconds: wait } : { ok: true };
    },
    async release(reset, decrement) {
      const keys = [...reset, ...decrement].map((key) => counterPrefix + key);
      if (keys.length) await guard(() => client.eval(RELEASE, { keys, arguments: [String(reset.length)] }));
    },
    async ping() {
      await guard(() => client.ping());
    },
    async close() {
      if (client.isReady) await client.close();
      else client.destroy();
    },
  };
}
