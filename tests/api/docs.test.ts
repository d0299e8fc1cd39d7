/**
 * Scenario: a developer on a closed network opens /api/docs. The page and everything it loads
 * come from this server; the document is valid OpenAPI 3 and describes every route.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const ROUTES: Array<[method: string, path: string, auth: "none" | "read" | "write", body: boolean]> = [
  ["post", "/api/users/signup", "none", true],
  ["post", "/api/users/login", "none", true],
  ["post", "/api/users/token", "none", true],
  ["get", "/api/users/me", "read", false],
  ["put", "/api/users/update", "write", true],
  ["put", "/api/users/password", "write", true],
  ["post", "/api/users/logout", "write", false],
  ["delete", "/api/users/me", "write", true],
  ["get", "/api/users/activity", "read", false],
  ["post", "/api/users/password/forgot", "none", true],
  ["post", "/api/users/password/reset", "none", true],
  ["post", "/api/users/password/reset/passkeys", "none", true],
  ["post", "/api/users/email/verify", "none", true],
  ["post", "/api/users/email/resend", "write", false],
  ["post", "/api/users/login/2fa", "none", true],
  ["post", "/api/users/login/passkey/options", "none", false],
  ["post", "/api/users/login/passkey", "none", true],
  ["post", "/api/users/2fa/totp", "write", true],
  ["post", "/api/users/2fa/totp/confirm", "write", true],
  ["delete", "/api/users/2fa/totp", "write", true],
  ["post", "/api/users/2fa/recovery-codes", "write", true],
  ["post", "/api/users/passkeys/options", "write", true],
  ["get", "/api/users/remembered-devices", "read", false],
  ["delete", "/api/users/remembered-devices/{id}", "write", false],
  ["post", "/api/users/passkeys", "write", true],
  ["get", "/api/users/passkeys", "read", false],
  ["patch", "/api/users/passkeys/{id}", "write", true],
  ["delete", "/api/users/passkeys/{id}", "write", false],
  ["get", "/api/admin/users", "read", false],
  ["get", "/api/admin/users/{uid}", "read", false],
  ["post", "/api/admin/users/{uid}/lock", "write", true],
  ["post", "/api/admin/users/{uid}/unlock", "write", false],
  ["post", "/api/admin/users/{uid}/signout", "write", false],
  ["put", "/api/admin/users/{uid}/role", "write", true],
  ["delete", "/api/admin/users/{uid}", "write", false],
  ["get", "/api/admin/audit", "read", false],
  ["get", "/api/admin/audit.csv", "read", false],
  ["get", "/api/admin/users/{uid}/events", "read", false],
  ["post", "/api/admin/users/{uid}/reset-two-factor", "write", true],
  ["post", "/api/admin/users/{uid}/send-reset", "write", false],
  ["post", "/api/admin/users/{uid}/send-confirmation", "write", false],
  ["post", "/api/admin/users/{uid}/confirm-email", "write", false],
  ["delete", "/api/admin/users/{uid}/sessions/{id}", "write", false],
  ["get", "/api/users/sessions", "read", false],
  ["delete", "/api/users/sessions/{id}", "write", false],
  ["delete", "/api/users/sessions", "write", false],
  ["get", "/api/auth/verify", "read", false],
  ["get", "/.well-known/jwks.json", "none", false],
  ["get", "/api/health", "none", false],
  ["get", "/api/ready", "none", false],
];

const spec = BACKENDS[0];
if (!spec) throw new Error("no backend");

describe("API documentation", () => {
  let t: TestApp;
  let doc: any;
  beforeAll(async () => {
    t = await TestApp.create(await spec.open());
    doc = (await t.json("/api/docs/json")).body;
  });

  test("the document validates as OpenAPI 3", async () => {
    expect(doc.openapi).toMatch(/^3\./);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    if (!result.valid) console.error(JSON.stringify(result.errors, null, 2).slice(0, 2000));
    expect(result.valid).toBe(true);
  });

  test("it lists every route and nothing internal", () => {
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(listed.sort()).toEqual(ROUTES.map(([method, path]) => `${method} ${path}`).sort());
  });

  for (const [method, path, auth, body] of ROUTES) {
    test(`${method.toUpperCase()} ${path}: body, responses with the error shape, auth`, () => {
      const op = doc.paths[path][method];
      expect(op.responses).toBeDefined();
      const codes = Object.keys(op.responses);
      expect(codes.some((code) => code.startsWith("2"))).toBe(true);
      if (body) expect(op.requestBody?.content?.["application/json"]?.schema).toBeDefined();
      const errorCodes = codes.filter((code) => /^[45]/.test(code));
      // Two routes have no error answer of their own: liveness and the public keys.
      if (path !== "/api/health" && path !== "/.well-known/jwks.json") expect(errorCodes.length).toBeGreaterThan(0);
      for (const code of errorCodes) {
        const schema = JSON.stringify(op.responses[code]);
        expect(schema).toContain("success");
        expect(schema).toContain("msg");
      }
      if (auth === "none") expect(op.security).toBeUndefined();
      if (auth === "read") expect(op.security).toEqual([{ cookieAuth: [] }, { bearerAuth: [] }]);
      if (auth === "write") expect(op.security).toEqual([{ cookieAuth: [], csrfHeader: [] }, { bearerAuth: [] }]);
      if (auth !== "none") expect(codes).toContain("401");
    });
  }

  test("login and token document 429; the security schemes are named", () => {
    expect(Object.keys(doc.paths["/api/users/login"].post.responses)).toContain("429");
    expect(Object.keys(doc.paths["/api/users/token"].post.responses)).toContain("429");
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({
      type: "apiKey",
      in: "cookie",
      name: "access_token_cookie",
    });
    expect(doc.components.securitySchemes.csrfHeader).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "X-CSRF-TOKEN",
    });
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  test("the UI loads nothing from another origin, and no inline script", async () => {
    const res = await t.request("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.length).toBe(3);
    for (const asset of assets) {
      const file = await t.request(asset);
      expect(file.status).toBe(200);
      expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await t.request("/api/docs/assets/nope.js")).status).toBe(404);
  });
});
