/**
 * Scenario: a visitor fills in the sign-up form. The account is created once per e-mail address
 * (whatever its case), bad fields come back one error per field, and nothing the visitor did
 * not own (role, public_id) can be set through the body.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { isUniqueViolation } from "../../src/platform/db/errors.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { RATE_LIMITS } from "../helpers/limits.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

for (const spec of BACKENDS) {
  describe(`POST /api/users/signup [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
    });

    const signup = (body: unknown) => t.json<any>("/api/users/signup", { method: "POST", body });

    test("201 with the public user, never the hash or numeric id", async () => {
      const email = uniqueEmail("Ada");
      const { status, body } = await signup({
        username: "  ada.l-1_  ",
        email: `  ${email.toUpperCase()} `,
        password: PASSWORD,
      });
      expect(status).toBe(201);
      expect(body.success).toBe(true);
      expect(typeof body.msg).toBe("string");
      expect(Object.keys(body.user).sort()).toEqual([
        "created_at",
        "email",
        "email_verified",
        "language",
        "mfa",
        "public_id",
        "role",
        "username",
      ]);
      expect(body.user.email_verified).toBe(false);
      expect(body.user.mfa).toEqual({ totp: false, recovery_codes: 0, passkeys: 0 });
      expect(body.user.language).toBeNull();
      expect(body.user.username).toBe("ada.l-1_");
      expect(body.user.email).toBe(email.toLowerCase());
      expect(body.user.role).toBe("user");
      expect(body.user.public_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(body.user.created_at))).toBe(false);
    });

    test("stores an argon2id hash (19 MiB, t=2), not the password", async () => {
      const email = uniqueEmail();
      await signup({ username: "hash_check", email, password: PASSWORD });
      const [row] = await t.backend.db.sql<{
        password_hash: string;
      }>`select password_hash from users where email = ${email}`;
      expect(row?.password_hash).toStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
      expect(row?.password_hash).not.toContain(PASSWORD);
    });

    test("409 for an e-mail already taken, in any case", async () => {
      const email = uniqueEmail();
      expect((await signup({ username: "first", email, password: PASSWORD })).status).toBe(201);
      const again = await signup({ username: "second", email: email.toUpperCase(), password: PASSWORD });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ success: false, msg: expect.any(String) });
    });

    test("the schema itself refuses a second address differing only in case", async () => {
      const email = uniqueEmail();
      await signup({ username: "schema", email, password: PASSWORD });
      const sql = t.backend.db.sql;
      const insert = sql`insert into users (username, email, password_hash) values ('direct', ${email.toUpperCase()}, 'x')`;
      const error = await insert.then(
        () => null,
        (e: unknown) => e,
      );
      expect(isUniqueViolation(error, "users_email_lower_key")).toBe(true);
    });

    test("role and public_id in the body change nothing", async () => {
      const publicId = crypto.randomUUID();
      const { status, body } = await signup({
        username: "sneaky",
        email: uniqueEmail(),
        password: PASSWORD,
        role: "admin",
        public_id: publicId,
      });
      expect(status).toBe(201);
      expect(body.user.role).toBe("user");
      expect(body.user.public_id).not.toBe(publicId);
    });

    const invalid: Array<[string, Record<string, unknown>, string]> = [
      ["username too short after trimming", { username: "  ab  " }, "username"],
      ["username too long", { username: "a".repeat(51) }, "username"],
      ["username with a space", { username: "ada lovelace" }, "username"],
      ["username with a symbol", { username: "ada!" }, "username"],
      ["email without a domain dot", { email: "ada@localhost" }, "email"],
      ["email without @", { email: "ada.example.com" }, "email"],
      [
        "email over 254 characters",
        { email: `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com` },
        "email",
      ],
      ["password of 7 characters", { password: "1234567" }, "password"],
      ["password of 129 characters", { password: "p".repeat(129) }, "password"],
      ["password of 7 emoji (14 UTF-16 units)", { password: "🙂".repeat(7) }, "password"],
      [
        "password equal to the e-mail",
        { email: "same.as.pw@example.com", password: "Same.As.PW@example.com" },
        "password",
      ],
      ["username of the wrong type", { username: 42 }, "username"],
      ["email null", { email: null }, "email"],
      ["password as an array", { password: ["x"] }, "password"],
    ];
    for (const [name, change, field] of invalid) {
      test(`422 for ${name}, naming the field and never echoing the password`, async () => {
        const body = { username: "valid_name", email: uniqueEmail(), password: "a-secret-password-x", ...change };
        const res = await signup(body);
        expect(res.status).toBe(422);
        expect(res.body.success).toBe(false);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        const raw = JSON.stringify(res.body);
        expect(raw).not.toContain("a-secret-password-x");
        if (typeof change.password === "string") expect(raw).not.toContain(change.password);
      });
    }

    test("8 characters of Unicode are a valid password", async () => {
      const res = await signup({ username: "unicode", email: uniqueEmail(), password: "пароль🙂🙂" });
      expect(res.status).toBe(201);
    });

    test("422 lists every missing field", async () => {
      const res = await signup({});
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["email", "password", "username"]);
    });

    test("422 reports every broken rule at once", async () => {
      const res = await signup({ username: "x", email: "nope", password: "short" });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["email", "password", "username"]);
      expect(JSON.stringify(res.body)).not.toContain('"short"');
    });

    test("usernames are NFKC-normalised; invisible characters and mixed alphabets are refused", async () => {
      const fullwidth = await signup({ username: "ａｄａ＿ｌ", email: uniqueEmail(), password: PASSWORD });
      expect(fullwidth.status).toBe(201);
      expect(fullwidth.body.user.username).toBe("ada_l");
      for (const username of [
        "ada\u3164\u3164", // Hangul fillers: look like nothing
        "\u3164\u3164\u3164",
        "ad\u200da", // zero-width joiner
        "pаypal", // a Cyrillic а among Latin letters
        "Ηello", // a Greek capital eta
      ]) {
        const res = await signup({ username, email: uniqueEmail(), password: PASSWORD });
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual([{ field: "username", message: expect.any(String) }]);
      }
      for (const username of ["Дмитрий", "山田太郎", "やまだ_たろう", "김철수", "Zoë.Müller"]) {
        expect((await signup({ username, email: uniqueEmail(), password: PASSWORD })).status).toBe(201);
      }
    });

    test("passwords among the 10,000 most common, or only spaces, are refused (422, field password)", async () => {
      for (const password of ["password", "12345678", "iloveyou", "Password", "baseball1", "        ", " \t\t   \t "]) {
        const res = await signup({ username: "weak_pw", email: uniqueEmail(), password });
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual([{ field: "password", message: expect.any(String) }]);
        if (/\d/.test(password)) expect(JSON.stringify(res.body)).not.toContain(password);
      }
    });

    test("10 sign-ups per client IP per hour, made or refused: then 429 with Retry-After; another IP is unaffected", async () => {
      const limited = await TestApp.create(t.backend, {
        trustProxy: true,
        rateLimits: { ...RATE_LIMITS, signups: { windowSeconds: 3600, maxPerIp: 3 } },
      });
      const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const from = (body: unknown, address = ip) =>
        limited.json<any>("/api/users/signup", { method: "POST", body, headers: { "x-forwarded-for": address } });
      const taken = uniqueEmail();
      // A 422 costs nothing; a 201 and a 409 both count.
      expect((await from({ username: "x", email: "bad", password: "short" })).status).toBe(422);
      expect((await from({ username: "first", email: taken, password: PASSWORD })).status).toBe(201);
      expect((await from({ username: "again", email: taken, password: PASSWORD })).status).toBe(409);
      expect((await from({ username: "third", email: uniqueEmail(), password: PASSWORD })).status).toBe(201);
      const blocked = await from({ username: "fourth", email: uniqueEmail(), password: PASSWORD });
      expect(blocked.status).toBe(429);
      expect(blocked.body).toEqual({ success: false, msg: expect.stringContaining("Try again") });
      const retryAfter = Number(blocked.response.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      // 409 is no longer a free existence check either.
      expect((await from({ username: "again", email: taken, password: PASSWORD })).status).toBe(429);
      expect((await from({ username: "other", email: uniqueEmail(), password: PASSWORD }, "198.19.200.1")).status).toBe(
        201,
      );
      expect(RATE_LIMITS.signups).toEqual({ windowSeconds: 3600, maxPerIp: 10 });
    });
  });
}
