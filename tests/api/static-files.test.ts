/**
 * Scenario: a browser loading the built dashboard: the page is never cached, hashed assets are
 * cached for good, and a missing asset is a 404, not the page. Held in memory (production, the
 * single binary), every file goes out precompressed in the best coding the browser accepts.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { chooseEncoding } from "../../src/dashboard/encoding.ts";
import { loadDashboardFiles } from "../../src/dashboard/routes.ts";
import { buildWeb } from "../../web/build.ts";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

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

    test("a missing asset is a 404, not the page; so is a compressed form asked for by name", async () => {
      const res = await t.request("/assets/main-00000000.js");
      expect(res.status).toBe(404);
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
      for (const suffix of [".br", ".gz"]) expect((await t.request(script + suffix)).status).toBe(404);
    });
  });

describe("precompressed, from memory (production and the single binary)", () => {
  let t: TestApp;
  let assets: string[];
  const decode = (encoding: string | null, bytes: Uint8Array<ArrayBuffer>): string => {
    const plain = encoding === "br" ? brotliDecompressSync(bytes) : encoding === "gzip" ? Bun.gunzipSync(bytes) : bytes;
    return new TextDecoder().decode(plain);
  };
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "datta-web-"));
    await buildWeb(dir);
    t = await TestApp.create(await spec.open(), { web: { files: await loadDashboardFiles(dir) } });
    const html = await (await t.request("/")).text();
    assets = ["/", ...[...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string)];
  });

  for (const [accept, expected] of [
    ["gzip, deflate, br, zstd", "br"],
    ["gzip", "gzip"],
    ["br;q=0, gzip;q=0.8", "gzip"],
    ["*", "br"],
    ["identity", null],
    [null, null],
  ] as const) {
    test(`Accept-Encoding ${accept === null ? "absent" : `"${accept}"`}: ${expected ?? "identity"}, the same content, Vary: Accept-Encoding`, async () => {
      for (const path of assets) {
        const plain = await (await t.request(path)).text();
        const res = await t.request(path, { headers: accept === null ? {} : { "accept-encoding": accept } });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-encoding")).toBe(expected);
        expect(res.headers.get("vary")?.toLowerCase()).toContain("accept-encoding");
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect(decode(expected, bytes)).toBe(plain);
        if (expected) expect(bytes.byteLength).toBeLessThan(path.endsWith(".js") ? plain.length / 2 : plain.length);
      }
    });
  }

  test("the first load (page, script, style) is under 30 KB with brotli", async () => {
    let total = 0;
    for (const path of assets.filter((p) => !p.endsWith(".svg"))) {
      const res = await t.request(path, { headers: { "accept-encoding": "gzip, deflate, br" } });
      total += (await res.arrayBuffer()).byteLength;
    }
    expect(total).toBeLessThan(30 * 1024);
  });

  test("the compressed forms are not files of the site", async () => {
    for (const path of assets.filter((p) => p !== "/")) {
      for (const suffix of [".br", ".gz"]) expect((await t.request(path + suffix)).status).toBe(404);
    }
  });
});

describe("chooseEncoding (RFC 9110 Accept-Encoding)", () => {
  for (const [header, expected] of [
    ["br", "br"],
    ["BR;Q=1", "br"],
    ["gzip;q=1, br;q=0.5", "gzip"],
    ["gzip;q=0.5, br;q=0.5", "br"],
    ["*;q=0", null],
    ["*;q=0, gzip", "gzip"],
    ["deflate, zstd", null],
    ["gzip;q=nonsense", null],
    ["", null],
  ] as const) {
    test(`"${header}" -> ${expected}`, () => expect(chooseEncoding(header)).toBe(expected));
  }
});
