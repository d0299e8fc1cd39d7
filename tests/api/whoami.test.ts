/**
 * The sample service (docker/whoami) on its own, reached without nginx as an attacker would: it
 * believes only an assertion that verifies against the dashboard's JWKS, fetched over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createRemoteJWKSet } from "jose";
import { createWhoami } from "../../docker/whoami/server.ts";
import { AUDIENCE, ISSUER, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { forgeAssertions } from "../helpers/forgeries.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const spec = BACKENDS[0];
if (!spec) throw new Error("no backend");

describe("the sample service verifies the assertion, and nothing else", () => {
  let t: TestApp;
  let dashboard: ReturnType<typeof Bun.serve>;
  let whoami: ReturnType<typeof Bun.serve>;
  beforeAll(async () => {
    t = await TestApp.create(await spec.open());
    dashboard = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => t.app.handle(request) });
    const handler = createWhoami({
      keys: createRemoteJWKSet(new URL("/.well-known/jwks.json", dashboard.url)),
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    whoami = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler });
  });
  afterAll(async () => {
    await Promise.all([dashboard.stop(true), whoami.stop(true)]);
  });

  const ask = (assertion: string | null, headers: Record<string, string> = {}) =>
    fetch(new URL("/whoami/", whoami.url), {
      headers: { accept: "application/json", ...(assertion ? { "x-auth-assertion": assertion } : {}), ...headers },
    });
  const genuine = async (username = "ada_whoami") => {
    const { jar, email } = await t.signedIn({ username });
    const res = await t.request("/api/auth/verify", { jar });
    return { assertion: res.headers.get("x-auth-assertion") as string, email, id: res.headers.get("x-auth-user-id") };
  };

  test("a genuine assertion: 200 with the identity it carries", async () => {
    const { assertion, email, id } = await genuine();
    const res = await ask(assertion);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.identity).toMatchObject({ sub: id, name: "ada_whoami", email, role: "user" });
    expect(body.identity.kid).toBe(t.keyring.current().kid);
    // And the HTML page escapes what it shows.
    const html = await (
      await fetch(new URL("/whoami/", whoami.url), { headers: { "x-auth-assertion": assertion } })
    ).text();
    expect(html).toContain("Signed in as ada_whoami");
  });

  test("any path under /whoami/ shows the identity and its groups; only /whoami/public/ answers with none", async () => {
    const { assertion, email } = await genuine("deep_whoami");
    const at = (path: string, withAssertion: boolean) =>
      fetch(new URL(path, whoami.url), {
        headers: { accept: "application/json", ...(withAssertion ? { "x-auth-assertion": assertion } : {}) },
      });
    const deep = await at("/whoami/vault/keys", true);
    expect(deep.status).toBe(200);
    const body = (await deep.json()) as any;
    expect([body.path, body.identity.email, body.identity.groups]).toEqual(["/whoami/vault/keys", email, ""]);
    expect(await (await at("/whoami/public/hello", false)).json()).toEqual({
      identity: null,
      path: "/whoami/public/hello",
    });
    for (const path of ["/whoami/admin/", "/whoami/publicity", "/whoami/public"])
      expect({ path, status: (await at(path, false)).status }).toEqual({ path, status: 401 });
    expect((await at("/elsewhere", true)).status).toBe(404);
  });

  test("headers alone prove nothing: no assertion is 401 whatever X-Auth-User-* say", async () => {
    const res = await ask(null, { "x-auth-user-id": crypto.randomUUID(), "x-auth-user-role": "admin" });
    expect(res.status).toBe(401);
  });

  test("forged assertions: another key, alg none, HS256 keyed with the public key, altered claims: 401", async () => {
    const { assertion } = await genuine("forge_target");
    const jwks = (await (await fetch(new URL("/.well-known/jwks.json", dashboard.url))).json()) as any;
    const forged = await forgeAssertions(assertion, jwks.keys[0]);

    expect((await ask(assertion)).status).toBe(200);
    for (const attempt of [...Object.values(forged), "not.a.jwt", `${assertion}x`]) {
      const res = await ask(attempt);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "the identity assertion does not verify" });
    }
  });

  test("an assertion for another audience, or expired, is 401", async () => {
    const { jar } = await t.signedIn();
    const other = await TestApp.create(t.backend, { audience: "another-service" });
    const foreign = (await other.request("/api/auth/verify", { jar })).headers.get("x-auth-assertion") as string;
    expect((await ask(foreign)).status).toBe(401);
    t.keysClockOffset = -61;
    try {
      const old = (await t.request("/api/auth/verify", { jar })).headers.get("x-auth-assertion") as string;
      expect((await ask(old)).status).toBe(401);
    } finally {
      t.keysClockOffset = 0;
    }
  });

  test("health and unknown paths", async () => {
    expect((await fetch(new URL("/whoami/health", whoami.url))).status).toBe(200);
    expect((await fetch(new URL("/elsewhere", whoami.url))).status).toBe(404);
  });
});
