/**
 * What /metrics counts, on both backends, read as Prometheus reads it (the text format from the
 * metrics listener's handler): requests by route pattern and status with their durations, sign-ins
 * by result, revocations, the password-hash queue, database and store failures (the outbox's
 * backlog and send failures are the mail worker's: tests/process/metrics-listener.test.ts). Only the route's
 * pattern is a label, never a path, a user or a token.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { metricsHandler } from "../../src/metrics/server.ts";
import { connectPostgres } from "../../src/platform/db/postgres.ts";
import { connectRedisStore } from "../../src/platform/store/redis.ts";
import type { Store } from "../../src/platform/store/store.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { RATE_LIMITS } from "../helpers/limits.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

type Samples = Map<string, number>;

/** The exposition, as `name{label="value",...}` -> value (labels in the order written). */
async function scrape(t: TestApp): Promise<{ text: string; samples: Samples }> {
  // Elysia runs after-response hooks once the answer is out: let the last request's run first.
  await new Promise((resolve) => setImmediate(resolve));
  const response = await metricsHandler(t.app.metrics.registry)(new Request("http://metrics.local/metrics"));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  const text = await response.text();
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) samples.set(match[1] as string, Number(match[2]));
  }
  return { text, samples };
}
const get = (samples: Samples, key: string): number => samples.get(key) ?? 0;

for (const spec of BACKENDS) {
  describe(`metrics [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      // A small per-e-mail limit, so that "limited" is reached in a few tries.
      const rateLimits = { ...RATE_LIMITS, login: { ...RATE_LIMITS.login, maxPerEmail: 3 } };
      t = await TestApp.create(await spec.open(), { rateLimits, counterPrefix: `metrics-${crypto.randomUUID()}` });
    });

    test("requests by method, route pattern and status, with a duration histogram", async () => {
      const before = (await scrape(t)).samples;
      const { jar } = await t.signedIn();
      expect((await t.json("/api/users/me", { jar })).status).toBe(200);
      expect((await t.json("/api/admin/users/00000000-0000-0000-0000-000000000000", { jar })).status).toBe(403);
      const { text, samples } = await scrape(t);
      const me = 'datta_http_requests_total{method="GET",route="/api/users/me",status="200"}';
      expect(get(samples, me) - get(before, me)).toBe(1);
      // The pattern, not the id asked for.
      const admin = 'datta_http_requests_total{method="GET",route="/api/admin/users/:uid",status="403"}';
      expect(get(samples, admin) - get(before, admin)).toBe(1);
      expect(text).not.toContain("00000000-0000-0000-0000-000000000000");
      // A method the API does not use (WebDAV's) is no new series of its own.
      await t.app.handle(new Request("http://localhost/api/users/me", { method: "PROPFIND" }));
      const after = (await scrape(t)).text;
      expect(after).not.toContain('method="PROPFIND"');
      expect(after).toContain('method="other"');
      const count = 'datta_http_request_duration_seconds_count{method="GET",route="/api/users/me",status="200"}';
      expect(get(samples, count) - get(before, count)).toBe(1);
      expect(
        get(samples, 'datta_http_request_duration_seconds_sum{method="GET",route="/api/users/me",status="200"}'),
      ).toBeGreaterThan(0);
    });

    test("sign-ins by result: ok, failed, limited; the password-hash queue is reported", async () => {
      const email = uniqueEmail("metrics");
      await t.signup({ email });
      const before = (await scrape(t)).samples;
      expect(await t.loginStatus(email, PASSWORD)).toBe(200);
      for (let i = 0; i < 3; i++) expect(await t.loginStatus(email, "wrong password 1")).toBe(401);
      expect(await t.loginStatus(email, "wrong password 1")).toBe(429);
      const { text, samples } = await scrape(t);
      const delta = (result: string) =>
        get(samples, `datta_sign_ins_total{result="${result}"}`) -
        get(before, `datta_sign_ins_total{result="${result}"}`);
      expect({ ok: delta("ok"), failed: delta("failed"), limited: delta("limited") }).toEqual({
        ok: 1,
        failed: 3,
        limited: 1,
      });
      expect(samples.get('datta_password_hashes{state="running"}')).toBe(0);
      expect(samples.get('datta_password_hashes{state="waiting"}')).toBe(0);
      // No address, password or token in any label or value.
      expect(text).not.toContain(email);
      expect(text).not.toContain("wrong password");
    });

    test("revocations: a session ended by id, a sign-out's token", async () => {
      const before = (await scrape(t)).samples;
      const { jar } = await t.signedIn();
      const other = new CookieJar();
      const { email } = await t.signup();
      expect(
        (await t.json("/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: other })).status,
      ).toBe(200);
      const second = new CookieJar();
      expect(
        (await t.json("/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: second })).status,
      ).toBe(200);
      const sessions = await t.json<{ sessions: Array<{ id: string; current: boolean }> }>("/api/users/sessions", {
        jar: other,
      });
      const notCurrent = sessions.body.sessions.find((s) => !s.current);
      expect(notCurrent).toBeDefined();
      expect(
        (await t.json(`/api/users/sessions/${notCurrent?.id}`, { method: "DELETE", jar: other, csrf: true })).status,
      ).toBe(200);
      expect((await t.json("/api/users/logout", { method: "POST", jar, csrf: true })).status).toBe(200);
      const { samples } = await scrape(t);
      // The session ended by id went to the store as an ended session; the sign-out revoked its token
      // (and rotated public_id, which needs no store entry).
      const ended = 'datta_revocations_total{kind="session"}';
      const token = 'datta_revocations_total{kind="token"}';
      expect(get(samples, ended) - get(before, ended)).toBe(1);
      expect(get(samples, token) - get(before, token)).toBe(1);
    });

    describe("failures of the store", () => {
      let deadStore: Store;
      beforeAll(async () => {
        deadStore = await connectRedisStore("redis://127.0.0.1:1", { firstConnectTimeoutMs: 100 });
      });
      afterAll(async () => {
        await deadStore.close();
      });

      test("a store that cannot be reached is counted as unavailable, and the request is 503", async () => {
        const broken = await TestApp.create(t.backend, { store: deadStore });
        const { jar } = await t.signedIn();
        expect((await broken.json("/api/users/me", { jar })).status).toBe(503);
        const { samples } = await scrape(broken);
        expect(
          get(samples, 'datta_dependency_errors_total{dependency="store",kind="unavailable"}'),
        ).toBeGreaterThanOrEqual(1);
        expect(get(samples, 'datta_http_requests_total{method="GET",route="/api/users/me",status="503"}')).toBe(1);
      });
    });

    test("a database that cannot be reached is counted as unavailable", async () => {
      const deadDb = connectPostgres("postgres://nobody@127.0.0.1:1/nothing", { connectTimeoutSeconds: 1 });
      try {
        const broken = await TestApp.create(t.backend, { db: deadDb });
        const { jar } = await t.signedIn();
        expect((await broken.json("/api/users/me", { jar })).status).toBe(503);
        const { samples } = await scrape(broken);
        expect(
          get(samples, 'datta_dependency_errors_total{dependency="database",kind="unavailable"}'),
        ).toBeGreaterThanOrEqual(1);
      } finally {
        await deadDb.close();
      }
    });

    test("the listener answers GET /metrics only", async () => {
      const handler = metricsHandler(t.app.metrics.registry);
      expect((await handler(new Request("http://metrics.local/"))).status).toBe(404);
      expect((await handler(new Request("http://metrics.local/api/users/me"))).status).toBe(404);
      const post = await handler(new Request("http://metrics.local/metrics", { method: "POST" }));
      expect(post.status).toBe(405);
      expect(post.headers.get("allow")).toBe("GET, HEAD");
    });
  });
}
