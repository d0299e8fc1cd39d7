/**
 * The real process when its surroundings fail: Postgres or Redis going away and coming back (a
 * TCP proxy in front of each, cut and restored), and a SIGTERM with requests in flight.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasRealBackends, realUrls, TEST_DATA_KEY, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, type Server, startServer } from "../helpers/process.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";
import { eventually, SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const PASSWORD = "correct horse battery staple";
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
});

describe("graceful shutdown", () => {
  test("SIGTERM with requests in flight: they finish, then the process exits 0", async () => {
    const server = await startServer({ DATA_DIR: await mkdtemp(join(tmpdir(), "datta-shutdown-")) });
    cleanup.push(() => server.stop("SIGKILL"));
    const email = uniqueEmail();
    await call(server, "/api/users/signup", {
      method: "POST",
      body: { username: "shutdown", email, password: PASSWORD },
    });
    // Eight logins queue behind the hashing slots, so some are still running at SIGTERM.
    const inFlight = Array.from({ length: 8 }, () =>
      call(server, "/api/users/login", { method: "POST", body: { email, password: PASSWORD } }),
    );
    await Bun.sleep(30);
    const exited = server.stop("SIGTERM");
    const results = await Promise.all(inFlight);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await exited).toBe(0);
    expect(server.lines.some((line) => line.includes('"shutting down"'))).toBe(true);
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  }, 30_000);
});

if (hasRealBackends) {
  describe("Postgres and Redis going away and coming back", () => {
    let pg: TcpProxy;
    let redis: TcpProxy;
    let server: Server;
    const jar = new CookieJar();

    test("setup: the server runs through proxies and serves a session", async () => {
      const dbUrl = new URL(realUrls.database as string);
      const redisUrl = new URL(realUrls.redis as string);
      pg = await startTcpProxy(Number(dbUrl.port || 5432), dbUrl.hostname);
      redis = await startTcpProxy(Number(redisUrl.port || 6379), redisUrl.hostname);
      cleanup.push(
        () => pg.close(),
        () => redis.close(),
      );
      dbUrl.host = `127.0.0.1:${pg.port}`;
      redisUrl.host = `127.0.0.1:${redis.port}`;
      server = await startServer({
        DATABASE_URL: dbUrl.toString(),
        DATA_ENCRYPTION_KEY: TEST_DATA_KEY,
        REDIS_URL: redisUrl.toString(),
        REDIS_KEY_PREFIX: `test-${crypto.randomUUID()}:`,
        JWT_SECRET_KEY: "resilience-test-secret-0123456789abcdef",
        DATA_DIR: await mkdtemp(join(tmpdir(), "datta-res-")),
      });
      cleanup.push(() => server.stop("SIGKILL"));
      const email = uniqueEmail();
      await call(server, "/api/users/signup", {
        method: "POST",
        body: { username: "resilient", email, password: PASSWORD },
      });
      expect(
        (await call(server, "/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar })).status,
      ).toBe(200);
      expect((await call(server, "/api/users/me", { jar })).status).toBe(200);
    }, 30_000);

    test("database cut: 503 everywhere it is needed, the process stays up; back by itself after restore", async () => {
      await pg.cut();
      const me = await call(server, "/api/users/me", { jar });
      expect(me.status).toBe(503);
      expect(me.body).toEqual({ success: false, msg: expect.stringContaining("database") });
      const ready = await call(server, "/api/ready");
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({ database: "down", store: "ok" });
      expect(
        (
          await call(server, "/api/users/signup", {
            method: "POST",
            body: { username: "x_y_z", email: uniqueEmail(), password: PASSWORD },
          })
        ).status,
      ).toBe(503);
      expect((await call(server, "/api/health")).status).toBe(200);
      expect(server.proc.exitCode).toBeNull();

      await pg.restore();
      await eventually(async () => (await call(server, "/api/users/me", { jar })).status === 200, 5000);
      expect((await call(server, "/api/ready")).status).toBe(200);
    }, 30_000);

    test("store cut: protected routes 503 (never accepted unchecked); back by itself after restore", async () => {
      await redis.cut();
      await Bun.sleep(100);
      const me = await call(server, "/api/users/me", { jar });
      expect(me.status).toBe(503);
      expect(me.body.msg).toContain("store");
      expect((await call(server, "/api/ready")).body.checks).toEqual({ database: "ok", store: "down" });
      expect(server.proc.exitCode).toBeNull();

      await redis.restore();
      await eventually(async () => (await call(server, "/api/users/me", { jar })).status === 200, 5000);
      expect(server.lines.some((line) => line.includes("redis unreachable"))).toBe(true);
      // Secrets stay out of the log even while things fail.
      expect(server.lines.join("\n")).not.toContain(PASSWORD);
    }, 30_000);
  });
} else leftOut("process/resilience", NEEDS.backends);
