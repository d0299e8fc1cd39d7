/**
 * Scenario: a developer on a closed network opens /api/docs. The page and everything it loads
 * come from this server; the document is valid OpenAPI 3 and describes every route.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { appWithoutBackend } from "../../scripts/api-docs.ts";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

/** Every route the composed features mount (from the app's own route table, not a list kept here). */
const ROUTES = await (async () => {
  const { app, close } = await appWithoutBackend();
  await close();
  return app.featureRoutes;
})();
const WITH_ID = (path: string) => path.replace(/\{[a-z]+\}/g, "00000000-0000-4000-8000-000000000000");

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
    expect(listed.sort()).toEqual(ROUTES.map(({ method, path }) => `${method} ${path}`).sort());
  });

  test("the features mount the routes the contract names (a sample of each)", () => {
    const listed = ROUTES.map(({ method, path }) => `${method} ${path}`);
    for (const route of [
      "post /api/users/signup",
      "post /api/users/login",
      "post /api/users/login/passkey",
      "post /api/users/password/reset",
      "delete /api/users/passkeys/{id}",
      "post /api/admin/users/{uid}/reset-two-factor",
      "delete /api/users/sessions",
      "get /api/auth/verify",
      "get /.well-known/jwks.json",
      "get /api/ready",
    ]) {
      expect(listed).toContain(route);
    }
  });

  for (const { method, path, body } of ROUTES) {
    test(`${method.toUpperCase()} ${path}: body, responses with the error shape, auth`, async () => {
      // A route behind the session: a GET reads; anything else writes, so it takes the CSRF header.
      const op0 = doc.paths[path]?.[method];
      const auth = op0?.security === undefined ? "none" : method === "get" ? "read" : "write";
      if (!body) {
        // And it does what its document says to a caller with no credentials (a route with a body
        // checks the body first).
        const anonymous = await t.request(WITH_ID(path), { method: method.toUpperCase() });
        expect(anonymous.status === 401).toBe(auth !== "none");
      }
      const op = doc.paths[path][method];
      expect(op.responses).toBeDefined();
      const codes = Object.keys(op.responses);
      // A success: an answer, or (the trips to another provider and back) a redirect.
      expect(codes.some((code) => /^[23]/.test(code))).toBe(true);
      if (body) expect(op.requestBody?.content?.["application/json"]?.schema).toBeDefined();
      const errorCodes = codes.filter((code) => /^[45]/.test(code));
      // Five routes have no error answer of their own: liveness, the public keys, the metadata and
      // the list of sign-in providers.
      const alwaysAnswered = [
        "/api/health",
        "/.well-known/jwks.json",
        "/.well-known/openid-configuration",
        "/api/auth/providers",
      ];
      if (!alwaysAnswered.includes(path) && path !== "/.well-known/oauth-authorization-server") {
        expect(errorCodes.length).toBeGreaterThan(0);
      }
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
