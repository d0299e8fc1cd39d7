/**
 * Scenario: nginx (or Traefik, or Caddy) asks GET /api/auth/verify before passing a request to
 * another service; the answer names the user in headers and in an EdDSA assertion that the service
 * verifies offline against /.well-known/jwks.json, with `jose` as any service would.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createPrivateKey } from "node:crypto";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from "jose";
import { UnavailableError } from "../../src/platform/errors.ts";
import { rotateKeys } from "../../src/platform/keys/keyring.ts";
import { AUDIENCE, ISSUER, PASSWORD, TEST_SEALER, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { forgeAssertions } from "../helpers/forgeries.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

for (const spec of BACKENDS) {
  describe(`forward auth [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
    });

    const jwks = async (app: TestApp = t) => (await app.json<any>("/.well-known/jwks.json")).body;
    const verifyAssertion = async (assertion: string, app: TestApp = t) =>
      jwtVerify(assertion, createLocalJWKSet(await jwks(app)), {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["EdDSA"],
      });
    const stableId = async (email: string) =>
      ((await t.backend.db.sql`select stable_id from users where lower(email) = lower(${email})`)[0] as any)
        .stable_id as string;

    test("200 with an empty body, no-store, the identity headers, and an assertion that verifies", async () => {
      const { jar, email } = await t.signedIn({ username: "grace_hopper" });
      const res = await t.request("/api/auth/verify", { jar });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("");
      expect(res.headers.get("cache-control")).toBe("no-store");
      const id = await stableId(email);
      const sid = (await t.json<any>("/api/users/sessions", { jar })).body.sessions[0].id;
      expect(res.headers.get("x-auth-user-id")).toBe(id);
      expect(res.headers.get("x-auth-user-name")).toBe("grace_hopper");
      expect(res.headers.get("x-auth-user-email")).toBe(email);
      expect(res.headers.get("x-auth-user-role")).toBe("user");
      expect(res.headers.get("x-auth-session-id")).toBe(sid);
      // In no group yet: the header is there, empty.
      expect(res.headers.get("x-auth-user-groups")).toBe("");

      const assertion = res.headers.get("x-auth-assertion") as string;
      const header = decodeProtectedHeader(assertion);
      expect(header.alg).toBe("EdDSA");
      expect(header.kid).toBe(t.keyring.current().kid);
      const { payload } = await verifyAssertion(assertion);
      expect(payload).toMatchObject({
        iss: ISSUER,
        aud: AUDIENCE,
        sub: id,
        name: "grace_hopper",
        email,
        role: "user",
        groups: [],
        sid,
      });
      expect((payload.exp as number) - (payload.iat as number)).toBe(60);
      expect(Math.abs((payload.iat as number) - Date.now() / 1000)).toBeLessThan(5);
      expect(Object.keys(payload).sort()).toEqual([
        "aud",
        "email",
        "exp",
        "groups",
        "iat",
        "iss",
        "name",
        "role",
        "sid",
        "sub",
      ]);
    });

    test("the stable id is the same across sign-out and sign-in; public_id is never in an identity", async () => {
      const { jar, email, user } = await t.signedIn();
      const first = (await t.request("/api/auth/verify", { jar })).headers.get("x-auth-user-id");
      await t.request("/api/users/logout", { method: "POST", jar, csrf: true });
      const again = new CookieJar();
      await t.request("/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: again });
      const res = await t.request("/api/auth/verify", { jar: again });
      expect(res.headers.get("x-auth-user-id")).toBe(first as string);
      expect(first).toMatch(UUID);
      const all = [...res.headers.values()].join(" ");
      expect(all).not.toContain(user.public_id);
    });

    test("a bearer token works too", async () => {
      const { email } = await t.signup();
      const token = (await t.json<any>("/api/users/token", { method: "POST", body: { email, password: PASSWORD } }))
        .body.access_token;
      const res = await t.request("/api/auth/verify", {
        headers: { authorization: `Bearer ${token}`, "x-forwarded-method": "DELETE" },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-auth-user-email")).toBe(email);
    });

    test("no user, a forged token, an ended session: 401 in the error shape, no identity", async () => {
      const { jar, email } = await t.signedIn();
      const forged = new CookieJar();
      forged.cookies.set("access_token_cookie", {
        name: "access_token_cookie",
        value: `${(jar.get("access_token_cookie") as string).slice(0, -4)}AAAA`,
        attributes: new Map(),
      });
      const phone = new CookieJar();
      await t.request("/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: phone });
      const phoneId = (await t.json<any>("/api/users/sessions", { jar: phone })).body.sessions[0].id;
      await t.request(`/api/users/sessions/${phoneId}`, { method: "DELETE", jar, csrf: true });

      for (const who of [undefined, forged, phone]) {
        const res = await t.json<any>("/api/auth/verify", { jar: who });
        expect(res.status).toBe(401);
        // The ended session's own token is told why; a forged one or none, nothing.
        expect(res.body).toEqual(
          who === phone
            ? { success: false, msg: "You were signed out from another device.", reason: "signed_out_elsewhere" }
            : { success: false, msg: "Authentication required." },
        );
        expect(res.response.headers.get("x-auth-user-id")).toBeNull();
        expect(res.response.headers.get("x-auth-assertion")).toBeNull();
      }
    });

    test("CSRF for the original method: a forwarded POST with the cookie and no header is 403", async () => {
      const { jar } = await t.signedIn();
      const csrf = jar.get("csrf_access_token") as string;
      const refused: Array<Record<string, string>> = [
        { "x-forwarded-method": "POST" },
        { "x-original-method": "DELETE" },
        { "x-original-method": "propfind" },
        // A client adding a safe method beside the proxy's does not escape the check.
        { "x-original-method": "PUT", "x-forwarded-method": "GET" },
        { "x-forwarded-method": "PATCH", "x-csrf-token": `${csrf.slice(1)}x` },
      ];
      for (const headers of refused) {
        const res = await t.json<any>("/api/auth/verify", { jar, headers });
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ success: false, msg: "Missing or invalid CSRF token." });
        expect(res.response.headers.get("x-auth-assertion")).toBeNull();
      }
      const allowed: Array<Record<string, string>> = [
        { "x-forwarded-method": "POST", "x-csrf-token": csrf },
        { "x-original-method": "GET" },
        { "x-forwarded-method": "HEAD", "x-original-method": "OPTIONS" },
        {},
      ];
      for (const headers of allowed) {
        expect((await t.request("/api/auth/verify", { jar, headers })).status).toBe(200);
      }
    });

    test("an implicit refresh sets fresh cookies for the proxy to relay, same session", async () => {
      const { jar } = await t.signedIn();
      const before = (await t.request("/api/auth/verify", { jar })).headers.get("x-auth-session-id");
      const oldToken = jar.get("access_token_cookie");
      t.clockOffset = 451;
      try {
        const res = await t.request("/api/auth/verify", { jar });
        expect(res.status).toBe(200);
        const cookies = res.headers.getSetCookie();
        expect(cookies.map((c) => c.split("=")[0]).sort()).toEqual(["access_token_cookie", "csrf_access_token"]);
        expect(jar.get("access_token_cookie")).not.toBe(oldToken);
        expect(res.headers.get("x-auth-session-id")).toBe(before as string);
      } finally {
        t.clockOffset = 0;
      }
    });

    test("a name outside ASCII travels percent-encoded in the header, exact in the assertion", async () => {
      const { jar } = await t.signedIn({ username: "zoë_ünal" });
      const res = await t.request("/api/auth/verify", { jar });
      expect(res.headers.get("x-auth-user-name")).toBe(encodeURIComponent("zoë_ünal"));
      const { payload } = await verifyAssertion(res.headers.get("x-auth-assertion") as string);
      expect(payload.name).toBe("zoë_ünal");
    });

    test("the store down: 503, never an identity", async () => {
      const { jar } = await t.signedIn();
      const down = await TestApp.create(t.backend, {
        store: {
          ...t.backend.store,
          isRevoked: () => Promise.reject(new UnavailableError("store")),
        },
      });
      const res = await down.request("/api/auth/verify", { jar });
      expect(res.status).toBe(503);
      expect(res.headers.get("x-auth-assertion")).toBeNull();
    });

    test("one assertion per session is handed out again for 20 s, and anew once it is older or says something else", async () => {
      const { jar } = await t.signedIn({ username: "reused_one" });
      const assertion = async (who = jar) =>
        (await t.request("/api/auth/verify", { jar: who })).headers.get("x-auth-assertion") as string;
      const first = await assertion();
      expect(await assertion()).toBe(first);
      // Another session of the same user has its own.
      const other = await t.signedIn();
      expect(await assertion(other.jar)).not.toBe(first);
      try {
        t.keysClockOffset = 15;
        expect(await assertion()).toBe(first);
        t.keysClockOffset = 21;
        const later = await assertion();
        expect(later).not.toBe(first);
        const { payload } = await verifyAssertion(later);
        expect(Math.abs((payload.iat as number) - (Math.floor(Date.now() / 1000) + 21))).toBeLessThanOrEqual(1);
        // A renamed user is named anew at once.
        await t.request("/api/users/update", { method: "PUT", jar, csrf: true, body: { username: "reused_two" } });
        const renamed = await assertion();
        expect(renamed).not.toBe(later);
        expect(decodeJwt(renamed).name).toBe("reused_two");
      } finally {
        t.keysClockOffset = 0;
      }
    });

    test("JWKS: the Ed25519 and RSA public keys, cacheable for 5 minutes, no private part", async () => {
      const res = await t.json<any>("/.well-known/jwks.json");
      expect(res.status).toBe(200);
      expect(res.response.headers.get("cache-control")).toBe("public, max-age=300");
      expect(res.response.headers.get("content-type")).toContain("application/json");
      const byKind = Object.groupBy(res.body.keys as Array<Record<string, string>>, (key) => String(key.kty));
      expect(byKind.OKP?.length).toBeGreaterThanOrEqual(1);
      expect(byKind.RSA?.length).toBeGreaterThanOrEqual(1);
      for (const key of byKind.OKP ?? []) {
        expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
        expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
        expect(Buffer.from(key.x as string, "base64url")).toHaveLength(32);
      }
      for (const key of byKind.RSA ?? []) {
        expect(Object.keys(key).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
        expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", e: "AQAB" });
        expect(Buffer.from(key.n as string, "base64url")).toHaveLength(256);
      }
    });

    test("the private keys are stored sealed, and no answer carries them", async () => {
      const rows = await t.backend.db.sql<{ kid: string; alg: string; private_key: string }>`
        select kid, alg, private_key from signing_keys
      `;
      expect(new Set(rows.map((row) => row.alg))).toEqual(new Set(["EdDSA", "RS256"]));
      const text = JSON.stringify(await jwks()) + (await t.request("/api/docs/json").then((r) => r.text()));
      for (const row of rows) {
        expect(row.private_key).toMatch(/^v1\./);
        const der = TEST_SEALER.open(row.private_key, `signing_key:${row.kid}`);
        // PKCS #8 of an Ed25519 key is 48 bytes; of a 2048-bit RSA key, over a thousand.
        if (row.alg === "EdDSA") expect(der.length).toBe(48);
        else expect(der.length).toBeGreaterThan(1000);
        const jwk = createPrivateKey({ key: der, format: "der", type: "pkcs8" }).export({ format: "jwk" });
        expect(text).not.toContain(jwk.d as string);
      }
    });

    test("forged assertions fail verification: another key, alg none, HS256 keyed with the public key", async () => {
      const { jar } = await t.signedIn();
      const genuine = (await t.request("/api/auth/verify", { jar })).headers.get("x-auth-assertion") as string;
      const forged = await forgeAssertions(
        genuine,
        (await jwks()).keys.find((key: { kty: string }) => key.kty === "OKP"),
      );
      await verifyAssertion(genuine);
      for (const [name, assertion] of Object.entries(forged)) {
        expect({ name, error: await verifyAssertion(assertion).catch((e) => e instanceof errors.JOSEError) }).toEqual({
          name,
          error: true,
        });
      }
    });

    test("wrong audience, wrong issuer and an expired assertion fail verification", async () => {
      const { jar } = await t.signedIn();
      const other = await TestApp.create(t.backend, { audience: "another-service" });
      const foreign = (await other.request("/api/auth/verify", { jar })).headers.get("x-auth-assertion") as string;
      await expect(verifyAssertion(foreign)).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
      const genuine = (await t.request("/api/auth/verify", { jar })).headers.get("x-auth-assertion") as string;
      const keys = createLocalJWKSet(await jwks());
      await expect(
        jwtVerify(genuine, keys, { issuer: "https://elsewhere.example", audience: AUDIENCE }),
      ).rejects.toThrow();
      t.keysClockOffset = -120;
      try {
        const old = (await t.request("/api/auth/verify", { jar })).headers.get("x-auth-assertion") as string;
        await expect(verifyAssertion(old)).rejects.toBeInstanceOf(errors.JWTExpired);
      } finally {
        t.keysClockOffset = 0;
      }
    });

    test("rotation: the new key is published before it signs, the old one stays until its assertions are dead", async () => {
      const { jar } = await t.signedIn();
      const replica = await TestApp.create(t.backend);
      const kids = async (app: TestApp) => ((await jwks(app)).keys as Array<{ kid: string }>).map((k) => k.kid);
      const oldKid = t.keyring.current().kid;
      const before = (await t.request("/api/auth/verify", { jar })).headers.get("x-auth-assertion") as string;

      const {
        kids: { EdDSA: newKid },
        activatesAt,
      } = await rotateKeys(t.backend.db.sql, TEST_SEALER, { activateInSeconds: 60 });
      await Promise.all([t.keyring.refresh(), replica.keyring.refresh()]);
      // Published at once by both, signing still with the old key.
      for (const app of [t, replica]) {
        expect(await kids(app)).toContain(newKid);
        expect(await kids(app)).toContain(oldKid);
        expect(app.keyring.current().kid).toBe(oldKid);
      }
      // Activation: every replica switches at the same moment; what the old key signed still verifies.
      for (const app of [t, replica]) app.keysClockOffset = activatesAt - Math.floor(Date.now() / 1000);
      try {
        const after = (await replica.request("/api/auth/verify", { jar })).headers.get("x-auth-assertion") as string;
        expect(decodeProtectedHeader(after).kid).toBe(newKid);
        await verifyAssertion(after, t);
        await verifyAssertion(before, replica).catch((error) => {
          // Only its 60 s lifetime may end it, never the rotation.
          expect(error).toBeInstanceOf(errors.JWTExpired);
        });
        expect(await kids(t)).toContain(oldKid);
        // Past the grace, the old key is gone from the JWKS.
        for (const app of [t, replica]) app.keysClockOffset += 60 + 15 + 60 + 1;
        expect(await kids(t)).not.toContain(oldKid);
        expect(await kids(replica)).toContain(newKid);
      } finally {
        for (const app of [t, replica]) app.keysClockOffset = 0;
      }
    });
  });
}
