/**
 * Scenario: a user signs in from the sign-in page. Success sets the two cookies a browser keeps
 * (HttpOnly access token, readable CSRF value); every failure looks the same whether the e-mail
 * exists or not.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Database, Sql } from "../../src/platform/db/sql.ts";
import { createPasswordHasher, type PasswordHasher } from "../../src/users/password.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

/** The backend's database, recording the text of every statement sent through it. */
function recordingDatabase(db: Database): Database & { statements: string[] } {
  const statements: string[] = [];
  const record = (sql: Sql): Sql => {
    const wrapped = ((strings: TemplateStringsArray, ...values: unknown[]) => {
      statements.push(strings.join("?").replace(/\s+/g, " ").trim());
      return sql(strings, ...values);
    }) as Sql;
    wrapped.begin = (fn, options) => sql.begin((tx) => fn(record(tx)), options);
    wrapped.exec = (script) => sql.exec(script);
    return wrapped;
  };
  return { kind: db.kind, sql: record(db.sql), ping: () => db.ping(), close: () => db.close(), statements };
}

/** The real hasher, counting verifications: both failure paths must do exactly one. */
function countingHasher(): PasswordHasher & { verifications: number } {
  const real = createPasswordHasher();
  const counted = {
    verifications: 0,
    hash: real.hash,
    verify: (password: string, hash: string | null) => {
      counted.verifications++;
      return real.verify(password, hash);
    },
  };
  return counted;
}

for (const spec of BACKENDS) {
  describe(`POST /api/users/login [${spec.name}]`, () => {
    let t: TestApp;
    let hasher: ReturnType<typeof countingHasher>;
    beforeAll(async () => {
      hasher = countingHasher();
      t = await TestApp.create(await spec.open(), { passwords: hasher });
    });

    const login = (body: unknown, jar = new CookieJar()) =>
      t.json<any>("/api/users/login", { method: "POST", body, jar });

    test("200 with user and csrf_token, and the two cookies with the contract's attributes", async () => {
      const account = await t.signup();
      const jar = new CookieJar();
      const { status, body, response } = await login({ email: account.email.toUpperCase(), password: PASSWORD }, jar);
      expect(status).toBe(200);
      expect(body.success).toBe(true);
      expect(body.user.email).toBe(account.email);
      expect(body.user.password_hash).toBeUndefined();

      const cookies = response.headers.getSetCookie();
      expect(cookies).toHaveLength(2);
      const access = jar.cookies.get("access_token_cookie");
      const csrf = jar.cookies.get("csrf_access_token");
      expect(access?.attributes.get("httponly")).toBe(true);
      expect(access?.attributes.get("samesite")).toBe("Lax");
      expect(access?.attributes.get("path")).toBe("/");
      expect(access?.attributes.has("secure")).toBe(false);
      expect(csrf?.attributes.has("httponly")).toBe(false);
      expect(csrf?.attributes.get("samesite")).toBe("Lax");
      expect(csrf?.attributes.get("path")).toBe("/");
      expect(body.csrf_token).toBe(csrf?.value);
      // The CSRF value is the one signed inside the token.
      const claims = JSON.parse(Buffer.from((access?.value ?? "").split(".")[1] ?? "", "base64url").toString());
      expect(claims.csrf).toBe(body.csrf_token);
      expect(body.csrf_token.length).toBeGreaterThanOrEqual(22);
    });

    test("the cookies carry Secure when COOKIE_SECURE is on", async () => {
      const secure = await TestApp.create(t.backend, { secure: true });
      const account = await secure.signup();
      const jar = new CookieJar();
      await secure.json("/api/users/login", {
        method: "POST",
        body: { email: account.email, password: PASSWORD },
        jar,
      });
      expect(jar.cookies.get("access_token_cookie")?.attributes.get("secure")).toBe(true);
      expect(jar.cookies.get("csrf_access_token")?.attributes.get("secure")).toBe(true);
    });

    test("one 401, same body, for an unknown e-mail and a wrong password; one hash check each", async () => {
      const account = await t.signup();
      const before = hasher.verifications;
      const wrong = await login({ email: account.email, password: "not the password" });
      const afterWrong = hasher.verifications;
      const unknown = await login({ email: uniqueEmail("nobody"), password: "not the password" });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.success).toBe(false);
      expect(wrong.response.headers.getSetCookie()).toHaveLength(0);
      expect(afterWrong - before).toBe(1);
      expect(hasher.verifications - afterWrong).toBe(1);
    });

    test("422 for a malformed e-mail or a password over 128 characters, before any hashing", async () => {
      const before = hasher.verifications;
      const badEmail = await login({ email: "not-an-email", password: PASSWORD });
      const longPassword = await login({ email: uniqueEmail(), password: "x".repeat(129) });
      expect(badEmail.status).toBe(422);
      expect(badEmail.body.errors[0].field).toBe("email");
      expect(longPassword.status).toBe(422);
      expect(longPassword.body.errors[0].field).toBe("password");
      expect(JSON.stringify(longPassword.body)).not.toContain("x".repeat(129));
      expect(hasher.verifications).toBe(before);
    });

    test("422 for missing fields and wrong types", async () => {
      expect((await login({ email: uniqueEmail() })).status).toBe(422);
      expect((await login({ email: 1, password: PASSWORD })).status).toBe(422);
    });

    test("an unknown e-mail and a wrong password do the same work: the same statements, in the same order", async () => {
      const db = recordingDatabase(t.backend.db);
      const recorded = await TestApp.create(t.backend, { db });
      const account = await recorded.signup();
      const attempt = async (email: string) => {
        db.statements.length = 0;
        const res = await recorded.json("/api/users/login", { method: "POST", body: { email, password: "not it" } });
        expect(res.status).toBe(401);
        return [...db.statements];
      };
      const known = await attempt(account.email);
      const unknown = await attempt(uniqueEmail("nobody"));
      expect(known.length).toBeGreaterThan(1);
      expect(unknown).toEqual(known);
      // The failure is still recorded for the account that exists, and for nobody otherwise.
      const [row] = await t.backend.db.sql<{ n: number }>`
        select count(*)::int as n from user_events e join users u on u.id = e.user_id
        where u.email = ${account.email} and e.type = 'login_failed'
      `;
      expect(row?.n).toBe(1);
    });

    test("HSTS for a year when served over HTTPS (COOKIE_SECURE), none over plain HTTP", async () => {
      const secure = await TestApp.create(t.backend, { secure: true });
      for (const path of ["/api/health", "/signin"]) {
        expect((await secure.request(path)).headers.get("strict-transport-security")).toBe("max-age=31536000");
        expect((await t.request(path)).headers.get("strict-transport-security")).toBeNull();
      }
    });
  });
}
