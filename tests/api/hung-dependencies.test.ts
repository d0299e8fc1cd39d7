/**
 * Scenario: Postgres or Redis keeps its connections open but stops answering (a hung server, a
 * full disk, a network that drops packets silently). Every request that needs it gets a 503 in
 * the error shape within 2 s, never a hang, and everything works again once it answers.
 * Real servers behind a TCP proxy that freezes the traffic: only with DATABASE_URL and REDIS_URL.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { connectPostgres } from "../../src/platform/db/postgres.ts";
import { connectRedisStore } from "../../src/platform/store/redis.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { hasRealBackends, realUrls, uniqueEmail } from "../helpers/backends.ts";
import type { CookieJar } from "../helpers/cookie-jar.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

/** The contract: 503 within 2 s. */
const DEADLINE_MS = 2000;

if (hasRealBackends) {
  describe("a dependency that stops answering without closing", () => {
    let pg: TcpProxy;
    let redis: TcpProxy;
    let t: TestApp;
    let jar: CookieJar;
    let email: string;

    beforeAll(async () => {
      const dbUrl = new URL(realUrls.database as string);
      const redisUrl = new URL(realUrls.redis as string);
      pg = await startTcpProxy(Number(dbUrl.port || 5432), dbUrl.hostname);
      redis = await startTcpProxy(Number(redisUrl.port || 6379), redisUrl.hostname);
      dbUrl.host = `127.0.0.1:${pg.port}`;
      redisUrl.host = `127.0.0.1:${redis.port}`;
      const db = connectPostgres(dbUrl.toString());
      const store = await connectRedisStore(redisUrl.toString(), { keyPrefix: `test:${crypto.randomUUID()}:` });
      t = await TestApp.create({ name: "proxied", db, store });
      ({ jar, email } = await t.signedIn());
    });
    afterAll(async () => {
      pg?.thaw();
      redis?.thaw();
      await t?.backend.db.close();
      await t?.backend.store.close();
      await pg?.close();
      await redis?.close();
    });

    async function timed(run: () => Promise<{ status: number; body: unknown }>) {
      const started = performance.now();
      const result = await run();
      return { ...result, ms: performance.now() - started };
    }

    test("a hung Redis: protected routes and sign-in answer 503 within 2 s, then recover", async () => {
      redis.freeze();
      try {
        const me = await timed(() => t.json("/api/users/me", { jar }));
        expect(me.status).toBe(503);
        expect(me.body).toEqual({ success: false, msg: expect.stringContaining("session store") });
        expect(me.ms).toBeLessThan(DEADLINE_MS);
        const login = await timed(() =>
          t.json("/api/users/login", { method: "POST", body: { email, password: PASSWORD } }),
        );
        expect(login.status).toBe(503);
        expect(login.ms).toBeLessThan(DEADLINE_MS);
        const ready = await timed(() => t.json("/api/ready"));
        expect(ready.status).toBe(503);
      } finally {
        redis.thaw();
      }
      expect((await t.json("/api/users/me", { jar })).status).toBe(200);
    }, 20_000);

    test("a hung Postgres: 503 within 2 s for reads and writes, then recovery", async () => {
      pg.freeze();
      try {
        const me = await timed(() => t.json("/api/users/me", { jar }));
        expect(me.status).toBe(503);
        expect(me.body).toEqual({ success: false, msg: expect.stringContaining("database") });
        expect(me.ms).toBeLessThan(DEADLINE_MS);
        const signup = await timed(() =>
          t.json("/api/users/signup", {
            method: "POST",
            body: { username: "hung_pg", email: uniqueEmail(), password: PASSWORD },
          }),
        );
        expect(signup.status).toBe(503);
        expect(signup.ms).toBeLessThan(DEADLINE_MS + 500); // one argon2id hash before the database
      } finally {
        pg.thaw();
      }
      // The answers that were held back arrive and are dropped; new requests work at once.
      expect((await t.json("/api/users/me", { jar })).status).toBe(200);
    }, 20_000);
  });
} else leftOut("api/hung-dependencies", NEEDS.backends);
