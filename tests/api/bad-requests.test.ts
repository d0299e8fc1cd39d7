/**
 * Scenario: clients that send the wrong thing (broken JSON, a form post, a huge body, a path
 * that does not exist), and a browser loading deep links of the dashboard.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createLogger } from "../../src/http/log.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const FORBIDDEN_IN_ERRORS = [/at .+\.ts:\d+/, /\/src\//, /select |insert |update users/i, /stack/i];

for (const spec of BACKENDS) {
  describe(`transport and errors [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
    });

    const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
      t.app.handle(new Request("http://localhost/api/users/signup", { method: "POST", headers, body }));

    async function expectError(res: Response, status: number) {
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toContain("application/json");
      const body = await res.json();
      expect(body.success).toBe(false);
      expect(typeof body.msg).toBe("string");
      for (const pattern of FORBIDDEN_IN_ERRORS) expect(JSON.stringify(body)).not.toMatch(pattern);
      if (status !== 422) expect(body.errors).toBeUndefined();
      return body;
    }

    test("malformed JSON is 400", async () => {
      await expectError(await post('{"username": "ada", ', { "content-type": "application/json" }), 400);
      await expectError(await post("\xff\xfe", { "content-type": "application/json" }), 400);
    });

    test("a body that is not JSON is 415", async () => {
      await expectError(
        await post("username=ada&password=x", { "content-type": "application/x-www-form-urlencoded" }),
        415,
      );
      await expectError(await post("hello", { "content-type": "text/plain" }), 415);
      await expectError(await post('{"a":1}'), 415);
    });

    test("a body over 64 KiB is 413, declared or streamed; 64 KiB itself is read", async () => {
      const big = JSON.stringify({ username: "x".repeat(70_000) });
      await expectError(await post(big, { "content-type": "application/json" }), 413);
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("x".repeat(5000)));
          controller.close();
        },
      });
      await expectError(await post(stream, { "content-type": "application/json" }), 413);
      const justFits = JSON.stringify({ username: "y".repeat(64 * 1024 - 20) });
      expect(justFits.length).toBeLessThanOrEqual(64 * 1024);
      await expectError(await post(justFits, { "content-type": "application/json" }), 422);
    });

    test("an empty body reports the missing fields (422)", async () => {
      const body = await expectError(await post(null), 422);
      expect(body.errors).toHaveLength(3);
    });

    test("a JSON array or string body is 422, not 500", async () => {
      await expectError(await post("[]", { "content-type": "application/json" }), 422);
      await expectError(await post('"text"', { "content-type": "application/json; charset=utf-8" }), 422);
      await expectError(await post("null", { "content-type": "application/json" }), 422);
    });

    test("unknown /api paths are a JSON 404, any method", async () => {
      for (const [method, path] of [
        ["GET", "/api/nope"],
        ["GET", "/api"],
        ["POST", "/api/users/nope"],
        ["DELETE", "/api/x/y"],
      ]) {
        await expectError(await t.request(path as string, { method }), 404);
      }
    });

    test("the SPA: deep links get index.html (no-cache); a missing file is 404", async () => {
      for (const path of ["/", "/signin", "/dashboard/profile"]) {
        const res = await t.request(path);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toContain("text/html");
        expect(res.headers.get("cache-control")).toBe("no-cache");
        expect(await res.text()).toContain("<!doctype html>");
      }
      expect((await t.request("/missing.js")).status).toBe(404);
      expect((await t.request("/assets/app-123.css")).status).toBe(404);
    });

    test("security headers: a CSP on pages, no sniffing or framing anywhere, API answers never stored", async () => {
      const page = await t.request("/profile");
      expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      const api = await t.request("/api/users/me");
      expect(api.headers.get("cache-control")).toBe("no-store");
      for (const res of [page, api]) {
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        expect(res.headers.get("x-frame-options")).toBe("DENY");
        expect(res.headers.get("referrer-policy")).toBe("same-origin");
      }
    });

    test("GET /api/health is 200 {status: ok}", async () => {
      const res = await t.json("/api/health");
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: "ok" });
    });

    test("every response carries a request id; a well-formed incoming one is kept", async () => {
      const fresh = await t.request("/api/health");
      expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      const kept = await t.request("/api/health", { headers: { "x-request-id": "nginx-abc.123" } });
      expect(kept.headers.get("x-request-id")).toBe("nginx-abc.123");
      const replaced = await t.request("/api/health", {
        headers: { "x-request-id": "bad id with spaces; and <tags>" },
      });
      expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });

    test("one log line per request with method, path, status, duration and id; no secret in any line", async () => {
      const lines: string[] = [];
      const logged = await TestApp.create(t.backend, { logger: createLogger((line) => lines.push(line)) });
      const { jar } = await logged.signedIn();
      await logged.request("/api/users/me?token=should-not-appear", { jar });
      await logged.request("/api/users/logout", { method: "POST", jar, csrf: true });
      await Bun.sleep(20);
      const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === "request");
      expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        "POST /api/users/signup 201",
        "POST /api/users/login 200",
        "GET /api/users/me 200",
        "POST /api/users/logout 200",
      ]);
      for (const entry of requests) {
        expect(typeof entry.ms).toBe("number");
        expect(entry.rid).toMatch(/^[0-9a-f-]{36}$/);
      }
      const all = lines.join("\n");
      expect(all).not.toContain(PASSWORD);
      expect(all).not.toContain("should-not-appear");
      expect(all).not.toContain("eyJ");
    });

    test("deeply nested JSON (10 KB of arrays) is a 400 in the error shape, logged like any request", async () => {
      const lines: string[] = [];
      const logged = await TestApp.create(t.backend, { logger: createLogger((line) => lines.push(line)) });
      const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
      for (const body of [
        `{"username":${deep},"email":"a@example.com","password":"x"}`,
        `{"email":"a@example.com","password":${deep}}`,
      ]) {
        const res = await logged.app.handle(
          new Request("http://localhost/api/users/login", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          }),
        );
        const error = await expectError(res, 400);
        expect(error.msg).toContain("nests more than");
      }
      // Nesting inside strings is only text; 30 levels of real nesting are fine (422: wrong type).
      const harmless = await post(
        JSON.stringify({ username: "[".repeat(100), email: "a@example.com", password: "[[[[[[[[" }),
        { "content-type": "application/json" },
      );
      expect(harmless.status).toBe(422);
      const nested = await post(`{"username":${"[".repeat(30)}${"]".repeat(30)}}`, {
        "content-type": "application/json",
      });
      expect(nested.status).toBe(422);
      await Bun.sleep(20);
      const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === "request");
      expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        "POST /api/users/login 400",
        "POST /api/users/login 400",
      ]);
      expect(lines.some((line) => line.includes('"error"'))).toBe(false);
    });
  });
}
