import { createClient } from "redis";
import { UnavailableError } from "../errors.ts";
import { COUNTER_PREFIX, REVOKED_PREFIX, type Store } from "./store.ts";

/** INCR, and start the window on the first hit (or on a key that somehow lost its TTL). */
const INCREMENT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

/** DECR that never goes below zero and never creates a key (DECR keeps the TTL). */
const DECREMENT = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

export interface RedisStoreOptions {
  /** A command slower than this fails (ms): a slow store must not hold requests forever. */
  commandTimeoutMs?: number;
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
    commandOptions: { timeout: options.commandTimeoutMs ?? 1000 },
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

  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    if (!client.isReady) throw new UnavailableError("store");
    try {
      return await run();
    } catch (error) {
      throw new UnavailableError("store", { cause: error });
    }
  };

  return {
    kind: "redis",
    async revoke(jti, ttlSeconds) {
      await guard(() => client.set(prefix + jti, "1", { expiration: { type: "EX", value: Math.max(1, Math.ceil(ttlSeconds)) } }));
    },
    async isRevoked(jti) {
      return (await guard(() => client.exists(prefix + jti))) === 1;
    },
    async increment(key, windowSeconds) {
      const reply = await guard(() => client.eval(INCREMENT, { keys: [counterPrefix + key], arguments: [String(windowSeconds)] }));
      const [count, ttl] = reply as [number, number];
      return { count: Number(count), resetSeconds: Math.max(1, Number(ttl)) };
    },
    async decrement(key) {
      await guard(() => client.eval(DECREMENT, { keys: [counterPrefix + key] }));
    },
    async reset(key) {
      await guard(() => client.del(counterPrefix + key));
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
