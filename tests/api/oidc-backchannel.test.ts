/**
 * Back-channel logout on both backends, against a receiver over real HTTP started here: a session
 * ended in any way part 2 knows tells every client it signed in to that has a back-channel address,
 * once, with a logout token `jose` verifies against the JWKS (its `sid` the ID token's); two
 * replicas sending at once deliver it once; a client that is down gets it when it is back (the
 * clock moved, not slept); a replica started later delivers what another left.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createLocalJWKSet, jwtVerify } from "jose";
import { ISSUER, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { codeFlow, type Json, type RegisteredClient, registerClient } from "../helpers/oidc.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const CALLBACK = "https://chat.example.com/callback";
const EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** The client's back-channel endpoint: what it was sent; answering 503 while `down`. */
function receiver() {
  const received: string[] = [];
  const state = { down: false };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      if (state.down) return new Response("down", { status: 503 });
      const form = new URLSearchParams(await request.text());
      received.push(form.get("logout_token") ?? "");
      return new Response(null, { status: 200 });
    },
  });
  return { received, state, url: `http://127.0.0.1:${server.port}/backchannel`, stop: () => server.stop(true) };
}

for (const spec of BACKENDS) {
  describe(`OpenID provider: back-channel logout [${spec.name}]`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<TestApp["signedInAdmin"]>>;
    let chat: RegisteredClient;
    const rp = receiver();
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      admin = await t.signedInAdmin();
      chat = await registerClient(t, admin.jar, {
        name: "Chat",
        type: "confidential",
        redirect_uris: [CALLBACK],
        backchannel_logout_uri: rp.url,
        first_party: true,
      });
    });
    afterAll(() => rp.stop());

    /** A user signed in to Chat through the dashboard: the user and Chat's ID token claims. */
    const signedInToChat = async () => {
      const user = await t.signedIn();
      const { tokens } = await codeFlow(t, user.jar, chat, { redirect_uri: CALLBACK });
      return { user, claims: tokens.claims() as Json };
    };
    const send = (app: TestApp = t) => (app.app.background[0] as { tick(): Promise<number> }).tick();
    const verified = async (token: string) => {
      const jwks = createLocalJWKSet((await t.json<Json>("/.well-known/jwks.json")).body as never);
      return (await jwtVerify(token, jwks, { issuer: ISSUER, audience: chat.client_id, typ: "logout+jwt" })).payload;
    };

    test("signing out of the dashboard: one logout token, verified, naming the ID token's sid; never again", async () => {
      const { user, claims } = await signedInToChat();
      const before = rp.received.length;
      expect((await t.request("/api/users/logout", { method: "POST", jar: user.jar, csrf: true })).status).toBe(200);
      await send();
      expect(rp.received.length).toBe(before + 1);
      const payload = await verified(rp.received.at(-1) as string);
      expect(payload).toMatchObject({ sub: claims.sub, sid: claims.sid, events: { [EVENT]: {} } });
      expect(payload.nonce).toBeUndefined();
      await send();
      await send();
      expect(rp.received.length).toBe(before + 1);
    });

    test("the sessions page, a new password, an admin's lock: each tells the client", async () => {
      const ways: Array<(user: Awaited<ReturnType<TestApp["signedIn"]>>) => Promise<Response>> = [
        async (user) => {
          const list = await t.json<Json>("/api/users/sessions", { jar: user.jar });
          return t.request(`/api/users/sessions/${list.body.sessions[0].id}`, {
            method: "DELETE",
            jar: user.jar,
            csrf: true,
          });
        },
        (user) =>
          t.request("/api/users/password", {
            method: "PUT",
            jar: user.jar,
            csrf: true,
            body: { current_password: user.password, new_password: "another long passphrase 9" },
          }),
        async (user) => {
          const [row] = await t.backend.db.sql<{
            stable_id: string;
          }>`select stable_id from users where email = ${user.email}`;
          return t.request(`/api/admin/users/${row?.stable_id}/lock`, {
            method: "POST",
            jar: admin.jar,
            csrf: true,
            body: {},
          });
        },
      ];
      for (const end of ways) {
        const { user, claims } = await signedInToChat();
        const before = rp.received.length;
        expect((await end(user)).status).toBe(200);
        await send();
        expect(rp.received.length).toBe(before + 1);
        expect((await verified(rp.received.at(-1) as string)).sid).toBe(claims.sid);
      }
    });

    test("two replicas sending at once: delivered once", async () => {
      const replica = await TestApp.create(t.backend);
      const { user } = await signedInToChat();
      const before = rp.received.length;
      await t.request("/api/users/logout", { method: "POST", jar: user.jar, csrf: true });
      await Promise.all([send(t), send(replica), send(t), send(replica)]);
      expect(rp.received.length).toBe(before + 1);
    });

    test("the client down: tried again with backoff, delivered when it is back; a later replica finishes it", async () => {
      const { user, claims } = await signedInToChat();
      const before = rp.received.length;
      rp.state.down = true;
      await t.request("/api/users/logout", { method: "POST", jar: user.jar, csrf: true });
      await send();
      await send(); // not due again yet
      const [row] = await t.backend.db.sql<{ attempts: number; sent_at: Date | null }>`
        select attempts, sent_at from oidc_logout_outbox where session_id = (
          select id from sessions where user_id = (select id from users where email = ${user.email}) order by created_at desc limit 1
        )
      `;
      expect(row).toMatchObject({ attempts: 1, sent_at: null });
      rp.state.down = false;
      // Later (the app's clock moved past the backoff), in a replica started since: delivered.
      const later = await TestApp.create(t.backend);
      later.appClockOffset = 60;
      await send(later);
      expect(rp.received.length).toBe(before + 1);
      expect((await verified(rp.received.at(-1) as string)).sid).toBe(claims.sid);
    });
  });
}
