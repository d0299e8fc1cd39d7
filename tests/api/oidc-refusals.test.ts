/**
 * What the provider refuses, each its own test (API.md part 3, "Grants and what is refused"), and
 * the service-to-service grant: client credentials with a `resource` gives a JWT (RFC 9068) that
 * `jose` verifies offline against the JWKS, as any service would. The relying party is
 * openid-client, a certified client nobody here wrote.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { ISSUER, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import type { CookieJar } from "../helpers/cookie-jar.ts";
import {
  authorizationRequest,
  client,
  follow,
  type Json,
  type RegisteredClient,
  registerClient,
  relyingParty,
} from "../helpers/oidc.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const CALLBACK = "https://app.example.com/callback";
const API = "https://api.example.com";

for (const spec of BACKENDS) {
  describe(`OpenID provider: what it refuses [${spec.name}]`, () => {
    let t: TestApp;
    let user: CookieJar;
    let web: RegisteredClient;
    let service: RegisteredClient;
    let spa: RegisteredClient;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      const admin = (await t.signedInAdmin()).jar;
      user = (await t.signedIn()).jar;
      web = await registerClient(t, admin, { name: "Web", type: "confidential", redirect_uris: [CALLBACK] });
      service = await registerClient(t, admin, {
        name: "Reports",
        type: "confidential",
        redirect_uris: [],
        grant_types: ["client_credentials"],
        resources: [API],
        scopes: "openid roles",
      });
      spa = await registerClient(t, admin, { name: "SPA", type: "public", redirect_uris: [CALLBACK] });
    });

    /** The authorization endpoint asked by hand: where the browser is sent, with what error. */
    const authorize = async (params: Record<string, string>) => {
      const query = new URLSearchParams({
        client_id: web.client_id,
        redirect_uri: CALLBACK,
        scope: "openid",
        ...params,
      });
      const res = await t.request(`/oidc/auth?${query}`, { jar: user });
      const location = res.headers.get("location");
      const to = location ? new URL(location, ISSUER) : null;
      // An error is told in the query, or (for the implicit flow asked) in the fragment.
      const told = new URLSearchParams(to?.hash.slice(1) || to?.search || "");
      return { res, to, told, error: told.get("error") };
    };
    const pkce = {
      code_challenge: "E9Melhoa2OwvFrEMTJguCQaoVGbAXJ8zyuYA0MvLSPA",
      code_challenge_method: "S256",
      state: "s1",
    };
    /** A page of this server, never a redirect: for a request whose redirect_uri cannot be trusted. */
    const expectErrorPage = async ({ res, to }: Awaited<ReturnType<typeof authorize>>) => {
      expect(to).toBeNull();
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(await res.text()).toContain("This sign-in request cannot go on");
    };

    test("discovery: both documents the same, the issuer PUBLIC_URL, S256 only, code only", async () => {
      const oidc = await t.json<Json>("/.well-known/openid-configuration");
      const oauth = await t.json<Json>("/.well-known/oauth-authorization-server");
      expect(oidc.status).toBe(200);
      expect(oauth.body).toEqual(oidc.body);
      expect(oidc.body).toMatchObject({
        issuer: ISSUER,
        jwks_uri: `${ISSUER}/.well-known/jwks.json`,
        code_challenge_methods_supported: ["S256"],
        response_types_supported: ["code"],
        authorization_response_iss_parameter_supported: true,
      });
      expect(oidc.body.id_token_signing_alg_values_supported).toContain("RS256");
      expect(oidc.body.grant_types_supported).not.toContain("password");
      expect(oidc.body.grant_types_supported).not.toContain("implicit");
      for (const key of [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "introspection_endpoint",
        "revocation_endpoint",
        "end_session_endpoint",
      ]) {
        expect(String(oidc.body[key]).startsWith(`${ISSUER}/`)).toBe(true);
      }
      // A Host header or X-Forwarded-* do not move the issuer.
      const spoofed = await t.json<Json>("/.well-known/openid-configuration", {
        headers: { host: "evil.example.com", "x-forwarded-host": "evil.example.com", "x-forwarded-proto": "https" },
      });
      expect(JSON.stringify(spoofed.body)).not.toContain("evil.example.com");
      expect(spoofed.body.issuer).toBe(ISSUER);
    });

    test("implicit: unsupported_response_type, told to the registered redirect_uri", async () => {
      const answer = await authorize({ response_type: "token", ...pkce });
      expect(answer.error).toBe("unsupported_response_type");
      expect(answer.to?.origin + (answer.to?.pathname ?? "")).toBe(CALLBACK);
      expect(answer.told.get("state")).toBe("s1");
      expect(answer.told.get("iss")).toBe(ISSUER);
    });

    test("hybrid: unsupported_response_type", async () => {
      expect((await authorize({ response_type: "code id_token", nonce: "n", ...pkce })).error).toBe(
        "unsupported_response_type",
      );
    });

    test("the password grant: unsupported_grant_type", async () => {
      const res = await t.json<Json>("/oidc/token", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${btoa(`${web.client_id}:${web.client_secret}`)}`,
        },
        body: new URLSearchParams({ grant_type: "password", username: "a@example.com", password: "x" }).toString(),
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("unsupported_grant_type");
    });

    test("no PKCE challenge: refused (invalid_request)", async () => {
      const answer = await authorize({ response_type: "code", state: "s1" });
      expect(answer.error).toBe("invalid_request");
      expect(answer.told.get("error_description")).toContain("PKCE");
    });

    test("a plain PKCE challenge: refused", async () => {
      const answer = await authorize({
        response_type: "code",
        state: "s1",
        code_challenge: "a".repeat(43),
        code_challenge_method: "plain",
      });
      expect(answer.error).toBe("invalid_request");
    });

    test("a public client without PKCE: refused", async () => {
      const answer = await authorize({ client_id: spa.client_id, response_type: "code", state: "s1" });
      expect(answer.error).toBe("invalid_request");
    });

    test("an unregistered redirect_uri: a page of this server, never a redirect", async () => {
      await expectErrorPage(
        await authorize({ response_type: "code", redirect_uri: "https://evil.example.com/callback", ...pkce }),
      );
    });

    test("a registered redirect_uri altered (a slash, a query, another case, another port): a page, never a redirect", async () => {
      for (const altered of [
        `${CALLBACK}/`,
        `${CALLBACK}?x=1`,
        CALLBACK.replace("callback", "Callback"),
        "https://app.example.com:8443/callback",
      ]) {
        await expectErrorPage(await authorize({ response_type: "code", redirect_uri: altered, ...pkce }));
      }
    });

    test("an unknown client: a page, no redirect", async () => {
      await expectErrorPage(await authorize({ client_id: "nobody-registered-this", response_type: "code", ...pkce }));
    });

    test("a wrong client secret: invalid_client (401)", async () => {
      const config = await relyingParty(t, { client_id: service.client_id, client_secret: "wrong-secret" });
      const error = await client
        .clientCredentialsGrant(config, { resource: API })
        .catch((e: { error?: string; status?: number }) => e);
      expect(error).toMatchObject({ error: "invalid_client", status: 401 });
    });

    test("client credentials with a resource: a JWT (typ at+jwt) that jose verifies against the JWKS; sub is the client", async () => {
      const config = await relyingParty(t, service);
      const tokens = await client.clientCredentialsGrant(config, { resource: API, scope: "roles" });
      expect(tokens.expires_in).toBeLessThanOrEqual(300);
      const jwks = createLocalJWKSet((await t.json<Json>("/.well-known/jwks.json")).body as never);
      const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
        issuer: ISSUER,
        audience: API,
        typ: "at+jwt",
        algorithms: ["EdDSA"],
      });
      expect(protectedHeader.typ).toBe("at+jwt");
      expect(payload).toMatchObject({ sub: service.client_id, client_id: service.client_id, scope: "roles" });
      expect(Object.keys(payload).sort()).toEqual(["aud", "client_id", "exp", "iat", "iss", "jti", "scope", "sub"]);
      expect((payload.exp as number) - (payload.iat as number)).toBeLessThanOrEqual(300);
      // Another audience, a forged signature: refused by the verifier.
      await expect(
        jwtVerify(tokens.access_token, jwks, { issuer: ISSUER, audience: "https://other.example.com" }),
      ).rejects.toThrow();
      const [h, , s] = tokens.access_token.split(".") as [string, string, string];
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: "admin" })).toString("base64url")}.${s}`;
      await expect(jwtVerify(forged, jwks, { issuer: ISSUER, audience: API })).rejects.toThrow();
      expect(decodeProtectedHeader(tokens.access_token).kid).toBeDefined();
    });

    test("client credentials: a resource not registered for the client is invalid_target", async () => {
      const config = await relyingParty(t, service);
      const error = await client
        .clientCredentialsGrant(config, { resource: "https://other.example.com" })
        .catch((e: { error?: string }) => e.error);
      expect(error).toBe("invalid_target");
    });

    test("client credentials: a client not registered for the grant is refused", async () => {
      const config = await relyingParty(t, web);
      const error = await client
        .clientCredentialsGrant(config, { resource: API })
        .catch((e: { error?: string; error_description?: string }) => `${e.error}: ${e.error_description}`);
      // oidc-provider's answer (RFC 6749 would also allow unauthorized_client).
      expect(error).toBe("invalid_request: requested grant type is not allowed for this client");
    });

    test("introspection and revocation of an opaque token (client credentials without a resource)", async () => {
      const config = await relyingParty(t, service);
      const tokens = await client.clientCredentialsGrant(config, {});
      const before = await client.tokenIntrospection(config, tokens.access_token);
      expect(before).toMatchObject({ active: true, client_id: service.client_id, iss: ISSUER });
      await client.tokenRevocation(config, tokens.access_token);
      expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
      // A token never issued, and one altered: inactive, the same answer.
      expect((await client.tokenIntrospection(config, "never-issued")).active).toBe(false);
      const other = await client.clientCredentialsGrant(config, {});
      expect((await client.tokenIntrospection(config, `${other.access_token}x`)).active).toBe(false);
    });

    test("a flow's request with no user step needed still starts on this server's page when signed out", async () => {
      const rp = await relyingParty(t, web);
      const request = await authorizationRequest(rp, { redirect_uri: CALLBACK });
      const { location } = await follow(t, (await t.signedIn()).jar.clone(), request.url.href);
      expect(new URL(location).pathname).toMatch(/^\/consent\//);
      const signedOut = await follow(t, new (user.constructor as new () => CookieJar)(), request.url.href);
      expect(new URL(signedOut.location).pathname).toBe("/signin");
    });
  });
}
