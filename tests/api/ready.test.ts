/**
 * Scenario: a load balancer or orchestrator probing replicas: liveness is the process, readiness
 * is its database and store answering in time.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { TCPSocketListener } from "bun";
import { connectPostgres } from "../../src/platform/db/postgres.ts";
import { connectRedisStore } from "../../src/platform/store/redis.ts";
import type { Store } from "../../src/platform/store/store.ts";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

for (const spec of BACKENDS) {
  describe(`GET /api/ready [${spec.name}]`, () => {
    let t: TestApp;
    let deadStore: Store;
    let silent: TCPSocketListener;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      deadStore = await connectRedisStore("redis://127.0.0.1:1", { firstConnectTimeoutMs: 50 });
      // Accepts connections and never answers: a hung database.
      silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    });
    afterAll(async () => {
      await deadStore.close();
      silent.stop(true);
    });

    test("200 when both answer", async () => {
      const res = await t.json("/api/ready");
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: "ready", checks: { database: "ok", store: "ok" } });
    });

    test("503 naming the store when it is down", async () => {
      const broken = await TestApp.create(t.backend, { store: deadStore });
      const res = await broken.json<any>("/api/ready");
      expect(res.status).toBe(503);
      expect(res.body.success).toBe(false);
      expect(res.body.msg).toContain("store");
      expect(res.body.msg).not.toContain("database");
      expect(res.body.checks).toEqual({ database: "ok", store: "down" });
    });

    test("503 naming the database when it hangs, within the probe's timeout", async () => {
      const hung = connectPostgres(`postgres://nobody@127.0.0.1:${silent.port}/x`, { connectTimeoutSeconds: 5 });
      try {
        const broken = await TestApp.create(t.backend, { db: hung, readyTimeoutMs: 300 });
        const res = await broken.json<any>("/api/ready");
        expect(res.status).toBe(503);
        expect(res.body.msg).toContain("database");
        expect(res.body.checks).toEqual({ database: "down", store: "ok" });
        // Liveness does not depend on either.
        expect((await broken.request("/api/health")).status).toBe(200);
      } finally {
        // Not awaited: ending a pool whose connection attempt hangs waits for that attempt.
        void hung.close().catch(() => {});
      }
    });

    test("503 naming both when both are down", async () => {
      const dead = connectPostgres("postgres://nobody@127.0.0.1:1/x", { connectTimeoutSeconds: 1 });
      try {
        const broken = await TestApp.create(t.backend, { db: dead, store: deadStore });
        const res = await broken.json<any>("/api/ready");
        expect(res.status).toBe(503);
        expect(res.body.msg).toContain("database and the store");
      } finally {
        await dead.close();
      }
    });
  });
}
