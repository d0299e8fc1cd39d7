/**
 * Scenario: a browser loading the built dashboard: the page is never cached, hashed assets are
 * cached for good, and a missing asset is a 404, not the page.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDashboardFiles } from "../../src/dashboard/routes.ts";
import { buildWeb } from "../../web/build.ts";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";

const spec = BACKENDS[0];
if (!spec) throw new Error("no backend");

for (const production of [false, true])
  describe(`serving the built dashboard (${production ? "production: held in memory" : "development: read per request"})`, () => {
    let t: TestApp;
    let html: string;
    beforeAll(async () => {
      const dir = await mkdtemp(join(tmpdir(), "datta-web-"));
      const report = await buildWeb(dir);
      expect(report.firstLoadGzip).toBeLessThanOrEqual(30 * 1024);
      t = await TestApp.create(await spec.open(), {
        web: production ? { files: await loadDashboardFiles(dir) } : { dir },
      });
      html = await (await t.request("/")).text();
    });

    test("index.html points at hashed assets, which are served with a year of immutable cache", async () => {
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
      expect(assets).toHaveLength(3);
      for (const asset of assets) {
        expect(asset).toMatch(/-[a-z0-9]{8}\.(js|css|svg)$/);
        const res = await t.request(asset);
        expect(res.status).toBe(200);
        expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      }
    });

    test("the page itself is never cached, and deep links get it too", async () => {
      for (const path of ["/", "/profile", "/signin?next=%2Fprofile"]) {
        const res = await t.request(path);
        expect(res.headers.get("cache-control")).toBe("no-cache");
        expect(await res.text()).toBe(html);
      }
    });

    test("a missing asset is a 404, not the page", async () => {
      const res = await t.request("/assets/main-00000000.js");
      expect(res.status).toBe(404);
    });
  });
