/**
 * The provider's own endpoints while the shared store or the database is down: 503 with Retry-After
 * and the provider's error shape (a page for a browser's step), never a token and never a 500, as
 * every other route of this server answers then (tests/api/outages.test.ts).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { connectPostgres } from "../../src/platform/db/postgres.ts";
import { connectRedisStore } from "../../src/platform/store/redis.ts";
import type { Store } from "../../src/platform/store/store.ts";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { authorizationRequest, type RegisteredClient, registerClient, relyingParty } from "../helpers/oidc.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

/** Nothing listens on port 1: connections are refused at once. */
const DEAD_REDIS = "redis://127.0.0.1:1";
const DEAD_POSTGRES = "postgres://nobody@127.0.0.1:1/nothing";
const CALLBACK = "https://reports.example.com/callback";
const FORM = "application/x-www-form-urlencoded";

for (const spec of BACKENDS) {
  describe(`the OpenID provider with a backend down [${spec.name}]`, () => {
    let healthy: TestApp;
    let reports: RegisteredClient;
    let deadStore: Store;
    beforeAll(async () => {
      healthy = await TestApp.create(await spec.open());
      const admin = (await healthy.signedInAdmin()).jar;
      reports = await registerClient(healthy, admin, {
        name: "Reports",
        type: "confidential",
        redirect_uris: [CALLBACK],
        grant_types: ["authorization_code", "client_credentials"],
      });
      deadStore = await connectRedisStore(DEAD_REDIS, { firstConnectTimeoutMs: 100 });
    });
    afterAll(async () => {
      await deadStore.close();
    });

    const basic = () => `Basic ${btoa(`${reports.client_id}:${reports.client_secret}`)}`;
    /** The token endpoint's client credentials grant and introspection, and userinfo, on `app`. */
    const apiCalls = (app: TestApp) => [
      app.request("/oidc/token", {
        method: "POST",
        headers: { authorization: basic(), "content-type": FORM },
        body: "grant_type=client_credentials",
      }),
      app.request("/oidc/token/introspection", {
        method: "POST",
        headers: { authorization: basic(), "content-type": FORM },
        body: "token=whatever-it-is",
      }),
      app.request("/oidc/me", { headers: { authorization: `Bearer ${"x".repeat(48)}` } }),
    ];
    const expectUnavailable = async (answer: Response) => {
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("5");
      const body = (await answer.json()) as Record<string, unknown>;
      expect(body).toEqual({ error: "temporarily_unavailable", error_description: expect.any(String) });
      expect(JSON.stringify(body)).not.toContain("127.0.0.1");
    };

    test("the store down: token, introspection and userinfo answer 503, Retry-After, no token", async () => {
      const broken = await TestApp.create(healthy.backend, { store: deadStore });
      for (const answer of await Promise.all(apiCalls(broken))) await expectUnavailable(answer);
    });

    test("the store down: the authorization request is a page saying so (503), not a redirect", async () => {
      const broken = await TestApp.create(healthy.backend, { store: deadStore });
      const { jar } = await healthy.signedIn();
      const request = await authorizationRequest(await relyingParty(healthy, reports), { redirect_uri: CALLBACK });
      const answer = await broken.request(request.url.pathname + request.url.search, { jar });
      expect(answer.status).toBe(503);
      expect(answer.headers.get("location")).toBeNull();
      expect(await answer.text()).toContain("Sign-in is unavailable for a moment");
    });

    test("the database down: the token endpoint answers 503 (the client cannot be read)", async () => {
      const deadDb = connectPostgres(DEAD_POSTGRES, { connectTimeoutSeconds: 1 });
      try {
        const broken = await TestApp.create(healthy.backend, { db: deadDb });
        const [token] = apiCalls(broken);
        await expectUnavailable(await (token as Promise<Response>));
      } finally {
        await deadDb.close();
      }
    });

    test("with both up, the same calls answer as usual (the 503s above are the outage's)", async () => {
      const [token, introspection, userinfo] = (await Promise.all(apiCalls(healthy))) as [Response, Response, Response];
      expect(token.status).toBe(200);
      expect(((await introspection.json()) as { active: boolean }).active).toBe(false);
      expect(userinfo.status).toBe(401);
    });
  });
}
