/**
 * The stable user id: other services key their data by it, so it is fixed at sign-up and survives
 * everything that rotates public_id (sign-out, password change); the schema refuses two users
 * with one; and the browser never sees it.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

for (const spec of BACKENDS) {
  describe(`stable user id [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
    });

    const stableId = async (email: string): Promise<string> => {
      const [row] = await t.backend.db.sql<{ stable_id: string }>`
        select stable_id from users where lower(email) = lower(${email})
      `;
      return row?.stable_id as string;
    };

    test("fixed at sign-up; sign-out and a password change rotate public_id but not it", async () => {
      const { jar, email, user } = await t.signedIn();
      const first = await stableId(email);
      expect(first).toMatch(UUID);
      expect(first).not.toBe(user.public_id);

      const out = await t.json<any>("/api/users/logout", { method: "POST", jar, csrf: true });
      expect(out.body.user.public_id).not.toBe(user.public_id);
      expect(await stableId(email)).toBe(first);

      const again = new CookieJar();
      await t.request("/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: again });
      const changed = await t.json<any>("/api/users/password", {
        method: "PUT",
        jar: again,
        csrf: true,
        body: { current_password: PASSWORD, new_password: "a different passphrase 42" },
      });
      expect(changed.status).toBe(200);
      expect(await stableId(email)).toBe(first);
    });

    test("two users never share one: the schema refuses a duplicate", async () => {
      const a = await t.signup();
      const b = await t.signup();
      expect(await stableId(a.email)).not.toBe(await stableId(b.email));
      const taken = await stableId(a.email);
      const duplicate = t.backend.db.sql`
        update users set stable_id = ${taken} where lower(email) = lower(${b.email})
      `;
      await expect(duplicate).rejects.toThrow();
    });

    test("no body the browser receives carries it", async () => {
      const email = `stable.${crypto.randomUUID().slice(0, 8)}@example.com`;
      const jar = new CookieJar();
      const bodies: string[] = [];
      const keep = async (res: Response) => bodies.push(await res.text());
      await keep(
        await t.request("/api/users/signup", {
          method: "POST",
          body: { username: "stable_user", email, password: PASSWORD },
        }),
      );
      const id = await stableId(email);
      await keep(await t.request("/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar }));
      await keep(await t.request("/api/users/me", { jar }));
      await keep(await t.request("/api/users/activity", { jar }));
      await keep(
        await t.request("/api/users/update", { method: "PUT", jar, csrf: true, body: { username: "stable_two" } }),
      );
      await keep(await t.request("/api/users/token", { method: "POST", body: { email, password: PASSWORD } }));
      await keep(await t.request("/api/users/logout", { method: "POST", jar, csrf: true }));
      expect(bodies).toHaveLength(7);
      for (const body of bodies) {
        expect(body.length).toBeGreaterThan(0);
        expect(body).not.toContain(id);
        expect(body).not.toContain("stable_id");
      }
    });
  });
}
