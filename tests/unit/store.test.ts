/**
 * One suite for both blocklist stores: the in-process one always, Redis when REDIS_URL is set.
 * Whatever passes here behaves the same behind the auth plugin.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { UnavailableError } from "../../src/platform/errors.ts";
import { createMemoryStore } from "../../src/platform/store/memory.ts";
import { connectRedisStore } from "../../src/platform/store/redis.ts";
import type { Store } from "../../src/platform/store/store.ts";
import { realUrls } from "../helpers/backends.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { startTcpProxy } from "../helpers/tcp-proxy.ts";
import { eventually, SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const stores: Array<[string, () => Promise<Store>]> = [["memory", async () => createMemoryStore()]];
if (realUrls.redis) {
  const url = realUrls.redis;
  stores.push(["redis", () => connectRedisStore(url, { keyPrefix: `test:${crypto.randomUUID()}:` })]);
} else leftOut("unit/store (the shared suite, on Redis)", NEEDS.redis);

for (const [name, open] of stores) {
  describe(`blocklist store: ${name}`, () => {
    const opened: Store[] = [];
    const make = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };
    afterAll(async () => {
      await Promise.all(opened.map((store) => store.close()));
    });

    const sid = crypto.randomUUID();

    test("a revoked jti is revoked; another is not", async () => {
      const store = await make();
      const jti = crypto.randomUUID();
      expect(await store.isRevoked(jti, sid)).toBe(false);
      await store.revoke(jti, 60);
      expect(await store.isRevoked(jti, sid)).toBe(true);
      expect(await store.isRevoked(crypto.randomUUID(), sid)).toBe(false);
    });

    test("an ended session refuses every token of it, and only of it, in one check", async () => {
      const store = await make();
      const [ended, other, alsoEnded] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
      await store.endSessions([
        { sid: ended, ttlSeconds: 60 },
        { sid: alsoEnded, ttlSeconds: 60 },
      ]);
      expect(await store.isRevoked(crypto.randomUUID(), ended)).toBe(true);
      expect(await store.isRevoked(crypto.randomUUID(), alsoEnded)).toBe(true);
      expect(await store.isRevoked(crypto.randomUUID(), other)).toBe(false);
      // A token id and a session id never stand for each other.
      expect(await store.isRevoked(ended, other)).toBe(false);
      await store.endSessions([]);
    });

    test("an entry lives for its TTL and then goes", async () => {
      const store = await make();
      const jti = crypto.randomUUID();
      const ended = crypto.randomUUID();
      await store.revoke(jti, 1);
      await store.endSessions([{ sid: ended, ttlSeconds: 1 }]);
      expect(await store.isRevoked(jti, sid)).toBe(true);
      expect(await store.isRevoked(crypto.randomUUID(), ended)).toBe(true);
      await Bun.sleep(1100);
      expect(await store.isRevoked(jti, sid)).toBe(false);
      expect(await store.isRevoked(crypto.randomUUID(), ended)).toBe(false);
    });

    test("short-lived values: put, peek, take once (of two racing takers, one gets it), then gone", async () => {
      const store = await make();
      const key = `challenge:${crypto.randomUUID()}`;
      expect(await store.peek(key)).toBeNull();
      await store.put(key, "first", 60);
      await store.put(key, "second", 60);
      expect(await store.peek(key)).toBe("second");
      expect(await store.peek(key)).toBe("second");
      const taken = await Promise.all([store.take(key), store.take(key), store.take(key)]);
      expect(taken.filter((value) => value !== null)).toEqual(["second"]);
      expect(await store.peek(key)).toBeNull();
      const brief = `brief:${crypto.randomUUID()}`;
      await store.put(brief, "x", 1);
      await Bun.sleep(1100);
      expect(await store.peek(brief)).toBeNull();
      expect(await store.take(brief)).toBeNull();
    });

    test("consume counts on every key at once, and past a limit takes the attempt back from all", async () => {
      const store = await make();
      const a = `a-${crypto.randomUUID()}`;
      const b = `b-${crypto.randomUUID()}`;
      const limits = [
        { key: a, max: 2 },
        { key: b, max: 3 },
      ];
      expect(await store.consume(limits, 60)).toEqual({ ok: true });
      expect(await store.consume(limits, 60)).toEqual({ ok: true });
      const refused = await store.consume(limits, 60);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.retryAfterSeconds).toBeGreaterThan(55);
        expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
      }
      // b was taken back too: one more on b alone is its third, still allowed.
      expect(await store.consume([{ key: b, max: 3 }], 60)).toEqual({ ok: true });
      expect((await store.consume([{ key: b, max: 3 }], 60)).ok).toBe(false);
    });

    test("release resets some keys and decrements others, never below zero", async () => {
      const store = await make();
      const a = `a-${crypto.randomUUID()}`;
      const b = `b-${crypto.randomUUID()}`;
      for (let i = 0; i < 2; i++)
        await store.consume(
          [
            { key: a, max: 2 },
            { key: b, max: 2 },
          ],
          60,
        );
      expect((await store.consume([{ key: a, max: 2 }], 60)).ok).toBe(false);
      await store.release([a], [b, b, b]);
      expect(
        await store.consume(
          [
            { key: a, max: 1 },
            { key: b, max: 1 },
          ],
          60,
        ),
      ).toEqual({ ok: true });
      expect((await store.consume([{ key: b, max: 1 }], 60)).ok).toBe(false);
    });

    test("parallel consumers never exceed the limit", async () => {
      const store = await make();
      const key = `p-${crypto.randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 20 }, () => store.consume([{ key, max: 5 }], 60)));
      expect(results.filter((r) => r.ok)).toHaveLength(5);
    });

    test("a window ends: the counts start over", async () => {
      const store = await make();
      const key = `w-${crypto.randomUUID()}`;
      expect(await store.consume([{ key, max: 1 }], 1)).toEqual({ ok: true });
      expect((await store.consume([{ key, max: 1 }], 1)).ok).toBe(false);
      await Bun.sleep(1100);
      expect(await store.consume([{ key, max: 1 }], 1)).toEqual({ ok: true });
    });

    test("ping answers while the store is up", async () => {
      const store = await make();
      await store.ping();
    });
  });
}

describe("memory store", () => {
  test("expiry follows its clock, and sweeps drop expired entries", async () => {
    const clock = { now: 1_000_000 };
    const store = createMemoryStore({ now: () => clock.now, sweepIntervalMs: 10 });
    await store.revoke("a", 5);
    clock.now += 4999;
    expect(await store.isRevoked("a", crypto.randomUUID())).toBe(true);
    clock.now += 1;
    expect(await store.isRevoked("a", crypto.randomUUID())).toBe(false);
    await store.close();
  });
});

describe("redis store, unreachable", () => {
  test("every call fails fast with UnavailableError (fail closed), never false", async () => {
    const store = await connectRedisStore("redis://127.0.0.1:1", { firstConnectTimeoutMs: 50 });
    const started = performance.now();
    await expect(store.isRevoked(crypto.randomUUID(), crypto.randomUUID())).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.revoke(crypto.randomUUID(), 10)).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(UnavailableError);
    expect(performance.now() - started).toBeLessThan(1000);
    await store.close();
  });
});

if (realUrls.redis) {
  const redisUrl = new URL(realUrls.redis);
  describe("redis store, through an outage", () => {
    test("down: calls fail at once and nothing is queued for later; back: it reconnects by itself", async () => {
      const proxy = await startTcpProxy(Number(redisUrl.port || 6379), redisUrl.hostname);
      const url = new URL(redisUrl);
      url.port = String(proxy.port);
      const states: string[] = [];
      const store = await connectRedisStore(url.toString(), {
        keyPrefix: `test:${crypto.randomUUID()}:`,
        onStateChange: (state) => states.push(state),
      });
      try {
        await store.ping();
        await proxy.cut();
        const refused = () =>
          store.ping().then(
            () => false,
            (error) => error instanceof UnavailableError,
          );
        await eventually(refused, 2000);
        const jti = crypto.randomUUID();
        const started = performance.now();
        await expect(store.revoke(jti, 60)).rejects.toBeInstanceOf(UnavailableError);
        await expect(store.isRevoked(jti, crypto.randomUUID())).rejects.toBeInstanceOf(UnavailableError);
        expect(performance.now() - started).toBeLessThan(250);

        await proxy.restore();
        await eventually(
          () =>
            store.ping().then(
              () => true,
              () => false,
            ),
          5000,
        );
        // The revoke refused while down was not kept in a queue and sent on reconnection.
        expect(await store.isRevoked(jti, crypto.randomUUID())).toBe(false);
        expect(states).toEqual(["down", "ready"]);
      } finally {
        await store.close();
        await proxy.close();
      }
    });
  });
} else leftOut("unit/store (Redis through an outage)", NEEDS.redis);
