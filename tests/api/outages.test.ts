/**
 * Scenario: the shared store or the database is down while users keep clicking. Protected routes
 * answer 503 and never let a token through unchecked; the app itself keeps answering.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createLogger } from "../../src/http/log.ts";
import { connectPostgres } from "../../src/platform/db/postgres.ts";
import type { Database } from "../../src/platform/db/sql.ts";
import { connectRedisStore } from "../../src/platform/store/redis.ts";
import type { Store } from "../../src/platform/store/store.ts";
import { createPasswordHasher } from "../../src/users/password.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

/** Nothing listens on port 1: connections are refused at once. */
const DEAD_REDIS = "redis://127.0.0.1:1";
const DEAD_POSTGRES = "postgres://nobody@127.0.0.1:1/nothing";

for (const spec of BACKENDS) {
  describe(`failure behaviour [${spec.name}]`, () => {
    let healthy: TestApp;
    let deadStore: Store;
    beforeAll(async () => {
      healthy = await TestApp.create(await spec.open());
      deadStore = await connectRedisStore(DEAD_REDIS, { firstConnectTimeoutMs: 100 });
    });
    afterAll(async () => {
      await deadStore.close();
    });

    test("store unreachable: protected routes are 503, the token is not accepted, and logout changes nothing", async () => {
      const broken = await TestApp.create(healthy.backend, { store: deadStore });
      const { jar } = await healthy.signedIn();
      const me = await broken.json<any>("/api/users/me", { jar });
      expect(me.status).toBe(503);
      expect(me.body).toEqual({ success: false, msg: expect.any(String) });
      expect(me.response.headers.get("retry-after")).toBeTruthy();
      const bearer = await broken.request("/api/users/me", {
        headers: { authorization: `Bearer ${jar.get("access_token_cookie")}` },
      });
      expect(bearer.status).toBe(503);
      const logout = await broken.request("/api/users/logout", { method: "POST", jar: jar.clone(), csrf: true });
      expect(logout.status).toBe(503);
      // Nothing was half done: the session still works where the store is up.
      expect((await healthy.request("/api/users/me", { jar })).status).toBe(200);
    });

    test("store unreachable: a bad token is still 401 (no store needed to refuse it)", async () => {
      const broken = await TestApp.create(healthy.backend, { store: deadStore });
      expect((await broken.request("/api/users/me", { headers: { authorization: "Bearer x.y.z" } })).status).toBe(401);
      expect((await broken.request("/api/health")).status).toBe(200);
    });

    test("database unreachable: signup, login and protected routes are 503; health stays 200", async () => {
      const deadDb = connectPostgres(DEAD_POSTGRES, { connectTimeoutSeconds: 1 });
      try {
        const broken = await TestApp.create(healthy.backend, { db: deadDb });
        const { jar } = await healthy.signedIn();
        const signup = await broken.json<any>("/api/users/signup", {
          method: "POST",
          body: { username: "nodb", email: uniqueEmail(), password: PASSWORD },
        });
        expect(signup.status).toBe(503);
        expect(JSON.stringify(signup.body)).not.toContain("127.0.0.1");
        const login = await broken.json("/api/users/login", {
          method: "POST",
          body: { email: uniqueEmail(), password: PASSWORD },
          jar: new CookieJar(),
        });
        expect(login.status).toBe(503);
        expect((await broken.request("/api/users/me", { jar })).status).toBe(503);
        expect((await broken.request("/api/health")).status).toBe(200);
      } finally {
        await deadDb.close();
      }
    });

    test("a login flood past the hashing queue gets 503 with Retry-After, and the server recovers", async () => {
      const flooded = await TestApp.create(healthy.backend, {
        passwords: createPasswordHasher({ concurrency: 1, maxQueue: 1 }),
      });
      const account = await flooded.signup();
      const attempts = await Promise.all(
        Array.from({ length: 6 }, () =>
          flooded.json("/api/users/login", {
            method: "POST",
            body: { email: account.email, password: PASSWORD },
            jar: new CookieJar(),
          }),
        ),
      );
      const statuses = attempts.map((a) => a.status);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
      const busy = attempts.filter((a) => a.status === 503);
      expect(busy.length).toBeGreaterThanOrEqual(1);
      expect(busy[0]?.response.headers.get("retry-after")).toBe("1");
      expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
      const after = await flooded.json("/api/users/login", {
        method: "POST",
        body: { email: account.email, password: PASSWORD },
        jar: new CookieJar(),
      });
      expect(after.status).toBe(200);
    });

    test("an unexpected error is a generic 500: no message, SQL or path in the body; the details go to the log", async () => {
      const lines: string[] = [];
      const failing: Database = {
        ...healthy.backend.db,
        sql: Object.assign(
          async () => {
            throw new Error('column "secret_internal" does not exist in select * from users');
          },
          { begin: healthy.backend.db.sql.begin, exec: healthy.backend.db.sql.exec },
        ) as unknown as Database["sql"],
      };
      const broken = await TestApp.create(healthy.backend, {
        db: failing,
        logger: createLogger((line) => lines.push(line)),
      });
      const res = await broken.json<any>("/api/users/login", {
        method: "POST",
        body: { email: uniqueEmail(), password: PASSWORD },
        jar: new CookieJar(),
      });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ success: false, msg: "Internal server error." });
      expect(lines.some((line) => line.includes("secret_internal"))).toBe(true);
      expect(lines.join("\n")).not.toContain(PASSWORD);
    });
  });
}
