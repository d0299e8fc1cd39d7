/**
 * The OpenID provider's clients through the admin API on both backends (API.md part 3, "Clients"):
 * who may register them (no user, a user, no CSRF header), the rules a registration must meet, the
 * secret shown once and kept as a hash, rotation (the old secret for 24 h, or revoked at once),
 * deletion ending every grant and token, and one audit entry per change.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import type { CookieJar } from "../helpers/cookie-jar.ts";
import { client, type Json, registerClient, relyingParty } from "../helpers/oidc.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const WEB_APP = {
  name: "Grafana",
  type: "confidential",
  redirect_uris: ["https://grafana.example.com/login/generic_oauth"],
};
const SERVICE = {
  name: "Reports",
  type: "confidential",
  redirect_uris: [],
  grant_types: ["client_credentials"],
  resources: ["https://api.example.com"],
  scopes: "openid",
};

for (const spec of BACKENDS) {
  describe(`OpenID provider clients [${spec.name}]`, () => {
    let t: TestApp;
    let admin: CookieJar;
    let user: CookieJar;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      admin = (await t.signedInAdmin()).jar;
      user = (await t.signedIn()).jar;
    });
    const audits = async (clientId: string) =>
      (
        await t.backend.db.sql<{ action: string }>`
          select action from audit_log where detail->>'client_id' = ${clientId} order by id
        `
      ).map((row) => row.action);
    /** Client credentials against the token endpoint, as a service would ask. */
    const credentials = async (clientId: string, secret: string) => {
      const config = await relyingParty(t, { client_id: clientId, client_secret: secret });
      return client.clientCredentialsGrant(config, { resource: "https://api.example.com" }).then(
        () => "ok",
        (error: { error?: string }) => error.error ?? "failed",
      );
    };

    test("no user 401, a user 403, an admin without the CSRF header 403, on every route", async () => {
      const { client_id } = await registerClient(t, admin, WEB_APP);
      const routes: Array<[string, string, unknown]> = [
        ["GET", "/api/admin/clients", undefined],
        ["POST", "/api/admin/clients", WEB_APP],
        ["GET", `/api/admin/clients/${client_id}`, undefined],
        ["PUT", `/api/admin/clients/${client_id}`, WEB_APP],
        ["POST", `/api/admin/clients/${client_id}/secret`, {}],
        ["DELETE", `/api/admin/clients/${client_id}`, undefined],
      ];
      for (const [method, path, body] of routes) {
        expect({ method, path, status: (await t.request(path, { method, body })).status }).toEqual({
          method,
          path,
          status: 401,
        });
        const asUser = await t.request(path, { method, body, jar: user, csrf: true });
        expect({ method, path, status: asUser.status }).toEqual({ method, path, status: 403 });
        if (method !== "GET") {
          const noCsrf = await t.request(path, { method, body, jar: admin });
          expect({ method, path, status: noCsrf.status }).toEqual({ method, path, status: 403 });
        }
      }
      expect((await t.json<Json>(`/api/admin/clients/${client_id}`, { jar: admin })).status).toBe(200);
    });

    test("registered: the secret shown once and kept only as a hash; listed and read without it", async () => {
      const created = await t.json<Json>("/api/admin/clients", {
        method: "POST",
        jar: admin,
        csrf: true,
        body: WEB_APP,
      });
      expect(created.status).toBe(201);
      const { client: registered, client_secret } = created.body;
      expect(client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(registered).toMatchObject({
        name: "Grafana",
        type: "confidential",
        redirect_uris: WEB_APP.redirect_uris,
        grant_types: ["authorization_code", "refresh_token"],
        scopes: "openid profile email offline_access",
        first_party: false,
        id_token_signed_response_alg: "RS256",
        token_endpoint_auth_method: "client_secret_basic",
      });
      const [row] = await t.backend.db.sql<{ secret_hash: string; settings: string }>`
        select secret_hash, settings::text as settings from oidc_clients where client_id = ${registered.client_id}
      `;
      expect(row?.secret_hash).not.toContain(client_secret);
      expect(row?.settings).not.toContain(client_secret);
      const list = await t.json<Json>("/api/admin/clients", { jar: admin });
      const listed = list.body.clients.find((c: Json) => c.client_id === registered.client_id);
      expect(listed).toEqual(registered);
      expect(JSON.stringify(list.body)).not.toContain(client_secret);
      expect((await t.json<Json>(`/api/admin/clients/${registered.client_id}`, { jar: admin })).body.client).toEqual(
        registered,
      );
      expect((await t.json<Json>("/api/admin/clients/no-such-client", { jar: admin })).status).toBe(404);
    });

    test("a public client has no secret and authenticates with none", async () => {
      const created = await t.json<Json>("/api/admin/clients", {
        method: "POST",
        jar: admin,
        csrf: true,
        body: {
          name: "CLI",
          type: "public",
          redirect_uris: ["http://127.0.0.1/callback", "com.example.app:/callback"],
        },
      });
      expect({ status: created.status, body: created.status === 201 ? null : created.body }).toEqual({
        status: 201,
        body: null,
      });
      expect(created.body.client_secret).toBeUndefined();
      expect(created.body.client.token_endpoint_auth_method).toBe("none");
      const rotated = await t.json<Json>(`/api/admin/clients/${created.body.client.client_id}/secret`, {
        method: "POST",
        jar: admin,
        csrf: true,
        body: {},
      });
      expect(rotated.status).toBe(422);
    });

    test("the rules of a registration, each its own 422 naming the field", async () => {
      const cases: Array<[Json, string]> = [
        [{ ...WEB_APP, redirect_uris: ["http://grafana.example.com/cb"] }, "redirect_uris[0]"],
        [{ ...WEB_APP, redirect_uris: ["https://grafana.example.com/cb#fragment"] }, "redirect_uris[0]"],
        [{ ...WEB_APP, redirect_uris: ["javascript:alert(1)"] }, "redirect_uris[0]"],
        [{ ...WEB_APP, redirect_uris: ["com.example.app:/cb"] }, "redirect_uris[0]"],
        [{ ...WEB_APP, redirect_uris: [] }, "redirect_uris"],
        [{ ...WEB_APP, scopes: "openid admin" }, "scopes"],
        [{ ...WEB_APP, resources: ["not a uri"] }, "resources[0]"],
        [{ ...WEB_APP, type: "public", grant_types: ["client_credentials"] }, "grant_types"],
        [{ ...WEB_APP, token_endpoint_auth_method: "none" }, "token_endpoint_auth_method"],
        [{ ...WEB_APP, token_endpoint_auth_method: "private_key_jwt" }, "jwks_uri"],
        [{ ...WEB_APP, backchannel_logout_uri: "http://rp.example.com/logout" }, "backchannel_logout_uri"],
        [{ ...WEB_APP, grant_types: ["password"] }, "grant_types"],
        [{ ...WEB_APP, id_token_signed_response_alg: "HS256" }, "id_token_signed_response_alg"],
      ];
      for (const [body, field] of cases) {
        const res = await t.json<Json>("/api/admin/clients", { method: "POST", jar: admin, csrf: true, body });
        expect({ field, status: res.status }).toEqual({ field, status: 422 });
        expect(res.body.errors.map((e: Json) => e.field.replace(/^\//, "").replace(/\/(\d+)$/, "[$1]"))).toContain(
          field,
        );
      }
    });

    test("changed: new settings, never another type; audited once per change", async () => {
      const { client_id } = await registerClient(t, admin, WEB_APP);
      const put = (body: Json) =>
        t.json<Json>(`/api/admin/clients/${client_id}`, { method: "PUT", jar: admin, csrf: true, body });
      const changed = await put({
        ...WEB_APP,
        name: "Grafana (ops)",
        first_party: true,
        scopes: "openid profile roles",
      });
      expect(changed.status).toBe(200);
      expect(changed.body.client).toMatchObject({
        name: "Grafana (ops)",
        first_party: true,
        scopes: "openid profile roles",
      });
      expect((await put({ ...WEB_APP, type: "public" })).status).toBe(422);
      expect((await put({ ...WEB_APP, redirect_uris: ["http://elsewhere.example.com/cb"] })).status).toBe(422);
      expect(await audits(client_id)).toEqual(["client_created", "client_updated"]);
      // The audit log's filter knows the clients' actions; the entry names the client.
      const logged = await t.json<Json>("/api/admin/audit?action=client_updated", { jar: admin });
      expect(logged.status).toBe(200);
      expect(logged.body.entries.find((e: Json) => e.detail.client_id === client_id)?.detail).toEqual({
        client_id,
        name: "Grafana (ops)",
      });
    });

    test("a new secret: the old one works 24 h more, or not at all with revoke_old", async () => {
      const first = await registerClient(t, admin, SERVICE);
      const rotate = (body: Json) =>
        t.json<Json>(`/api/admin/clients/${first.client_id}/secret`, { method: "POST", jar: admin, csrf: true, body });
      expect(await credentials(first.client_id, first.client_secret as string)).toBe("ok");
      const second = (await rotate({})).body.client_secret as string;
      expect(second).not.toBe(first.client_secret);
      expect(await credentials(first.client_id, second)).toBe("ok");
      expect(await credentials(first.client_id, first.client_secret as string)).toBe("ok");
      // Its 24 hours over: refused.
      await t.backend.db.sql`
        update oidc_clients set previous_secret_expires_at = now() - interval '1 second' where client_id = ${first.client_id}
      `;
      expect(await credentials(first.client_id, first.client_secret as string)).toBe("invalid_client");
      const third = (await rotate({ revoke_old: true })).body.client_secret as string;
      expect(await credentials(first.client_id, third)).toBe("ok");
      expect(await credentials(first.client_id, second)).toBe("invalid_client");
      expect(await credentials(first.client_id, `${third}x`)).toBe("invalid_client");
      expect(await audits(first.client_id)).toEqual([
        "client_created",
        "client_secret_rotated",
        "client_secret_rotated",
      ]);
    });

    test("deleted: 404 after, its secret refused, audited", async () => {
      const gone = await registerClient(t, admin, SERVICE);
      const deleted = await t.json<Json>(`/api/admin/clients/${gone.client_id}`, {
        method: "DELETE",
        jar: admin,
        csrf: true,
      });
      expect(deleted.status).toBe(200);
      expect((await t.json<Json>(`/api/admin/clients/${gone.client_id}`, { jar: admin })).status).toBe(404);
      expect(
        (await t.json<Json>(`/api/admin/clients/${gone.client_id}`, { method: "DELETE", jar: admin, csrf: true }))
          .status,
      ).toBe(404);
      expect(await credentials(gone.client_id, gone.client_secret as string)).toBe("invalid_client");
      expect(await audits(gone.client_id)).toEqual(["client_created", "client_deleted"]);
    });
  });
}
