/**
 * The language of answers and mails (API.md part 3), on both backends: `Accept-Language` chooses
 * among the product's languages (German `msg` on errors and on each field of a 422), the user's
 * saved `language` wins over the header, DEFAULT_LANGUAGE speaks when neither does, and every answer
 * with a `msg` says `Content-Language`. `language` in PUT /api/users/update: one of six, else 422;
 * not without a session or its CSRF header. Mail goes in the recipient's saved language, a sign-up's
 * confirmation in the language of the browser that signed up, and an admin's notice in the default.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { mailParts, startMailbox, type TestMailbox } from "../helpers/mail.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

for (const spec of BACKENDS) {
  describe(`answers and mails in the user's language [${spec.name}]`, () => {
    let t: TestApp;
    let spanish: TestApp;
    let mail: TestMailbox;
    beforeAll(async () => {
      const backend = await spec.open();
      t = await TestApp.create(backend);
      spanish = await TestApp.create(backend, { defaultLanguage: "es" });
      await t.backend.db.sql`delete from mail_outbox where sent_at is null`;
      mail = await startMailbox(t.backend);
    });
    afterAll(async () => {
      await mail.stop();
    });

    const asked = (language: string | null, app: TestApp = t) =>
      app.request("/api/users/me", { headers: language === null ? {} : { "accept-language": language } });

    test("Accept-Language picks the first language we speak, by q; none of ours: the default", async () => {
      const cases: Array<[string | null, TestApp, string, string]> = [
        ["de", t, "de", "Anmeldung erforderlich."],
        ["de-AT,de;q=0.9,en;q=0.8", t, "de", "Anmeldung erforderlich."],
        ["it, fr-CA;q=0.9, de;q=0.8", t, "fr", "Authentification requise."],
        ["zh-TW, pt-PT;q=0.5", t, "pt-BR", "Autenticação necessária."],
        ["zh-CN", t, "zh-Hans", "需要登录。"],
        ["en;q=0.1, es;q=0.9", t, "es", "Se requiere autenticación."],
        ["ja, *;q=0.5", t, "en", "Authentication required."],
        [null, t, "en", "Authentication required."],
        [null, spanish, "es", "Se requiere autenticación."],
        ["nl", spanish, "es", "Se requiere autenticación."],
      ];
      for (const [header, app, language, msg] of cases) {
        const res = await asked(header, app);
        expect({
          header,
          status: res.status,
          language: res.headers.get("content-language"),
          body: await res.json(),
        }).toEqual({
          header,
          status: 401,
          language,
          body: { success: false, msg },
        });
      }
    });

    test("a 422 in German: the message and each field's phrase; the password never echoed", async () => {
      const res = await t.json<any>("/api/users/signup", {
        method: "POST",
        body: { username: "a", email: "not-an-address", password: "x" },
        headers: { "accept-language": "de" },
      });
      expect(res.status).toBe(422);
      expect(res.response.headers.get("content-language")).toBe("de");
      expect(res.body.msg).toBe("Einige Felder sind ungültig.");
      const byField = Object.fromEntries(
        res.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]),
      );
      expect(byField.username).toBe("muss 3–50 Zeichen lang sein");
      expect(byField.email).toBe("muss eine gültige E-Mail-Adresse sein");
      expect(JSON.stringify(res.body)).not.toContain('"x"');
    });

    test("language in the profile: saved, shown, and it wins over the header; one of six, else 422", async () => {
      const { jar } = await t.signedIn({ email: uniqueEmail("lang-profile") });
      const me = await t.json<any>("/api/users/me", { jar });
      expect(me.body.user.language).toBeNull();
      const update = (body: unknown, options: { csrf?: boolean; header?: string } = {}) =>
        t.json<any>("/api/users/update", {
          method: "PUT",
          body,
          jar,
          csrf: options.csrf ?? true,
          headers: options.header ? { "accept-language": options.header } : {},
        });
      const bad = await update({ language: "pt" }, { header: "de" });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual([
        { field: "language", message: "muss eine dieser Sprachen sein: en, de, fr, es, pt-BR, zh-Hans" },
      ]);
      expect((await update({ language: "fr" }, { csrf: false })).status).toBe(403);
      expect((await t.json("/api/users/update", { method: "PUT", body: { language: "fr" } })).status).toBe(401);
      const saved = await update({ language: "fr" }, { header: "de" });
      expect(saved.status).toBe(200);
      expect(saved.body.msg).toBe("Profil enregistré.");
      expect(saved.body.user.language).toBe("fr");
      expect(saved.response.headers.get("content-language")).toBe("fr");
      // Asked in German by the same user: French, as saved.
      const again = await update({ username: "a" }, { header: "de" });
      expect(again.status).toBe(422);
      expect(again.body.msg).toBe("Certains champs ne sont pas valides.");
      expect(
        (await t.json<any>("/api/users/me", { jar, headers: { "accept-language": "de" } })).body.user.language,
      ).toBe("fr");
    });

    test("the browser remembers the choice (a cookie), so a 422 of a body's shape speaks it too; another account corrects it", async () => {
      const { jar } = await t.signedIn({ email: uniqueEmail("lang-cookie") });
      const put = (body: unknown, on = jar) =>
        t.json<any>("/api/users/update", {
          method: "PUT",
          body,
          jar: on,
          csrf: true,
          headers: { "accept-language": "de" },
        });
      expect((await put({ language: "es" })).status).toBe(200);
      expect(jar.get("datta_language")).toBe("es");
      // A body of the wrong shape is refused before the session is read: the cookie says Spanish.
      const shape = await put({ username: 5 });
      expect(shape.status).toBe(422);
      expect(shape.body.msg).toBe("Algunos campos no son válidos.");
      // Another account in the same browser, which chose nothing: the header again, and the cookie goes.
      const other = await t.signedIn({ email: uniqueEmail("lang-cookie-other") });
      other.jar.cookies.set("datta_language", { name: "datta_language", value: "es", attributes: new Map() });
      const wrong = await t.json<any>("/api/users/password", {
        method: "PUT",
        body: { current_password: "not it at all", new_password: "another passphrase 12" },
        jar: other.jar,
        csrf: true,
        headers: { "accept-language": "de" },
      });
      expect(wrong.body.msg).toBe("Das aktuelle Passwort ist falsch.");
      expect(other.jar.get("datta_language")).toBeUndefined();
    });

    test("mail: in the saved language; a sign-up's in its browser's; an admin's notice in the default", async () => {
      // Saved German: the password-change notice is German, whatever the browser asked.
      const german = await t.signedIn({ email: uniqueEmail("lang-mail-de") });
      const put = (path: string, body: unknown, header = "en") =>
        t.json<any>(path, { method: "PUT", body, jar: german.jar, csrf: true, headers: { "accept-language": header } });
      expect((await put("/api/users/update", { language: "de" })).status).toBe(200);
      const changed = await put("/api/users/password", {
        current_password: PASSWORD,
        new_password: "a new long passphrase 7",
      });
      expect(changed.status).toBe(200);
      const [notice] = (await mail.deliver(german.email, 2)).filter((m) => m.subject.includes("Passwort"));
      expect(notice?.subject).toBe("Ihr Passwort wurde geändert · Datta Dashboard");
      expect(notice?.raw).toContain("Content-Language: de");

      // A sign-up from a Chinese browser: its confirmation in Simplified Chinese.
      const chinese = uniqueEmail("lang-mail-zh");
      const made = await t.json("/api/users/signup", {
        method: "POST",
        body: { username: "zh_user", email: chinese, password: PASSWORD },
        headers: { "accept-language": "zh-CN,zh;q=0.9" },
      });
      expect(made.status).toBe(201);
      const [confirmation] = await mail.deliver(chinese);
      expect(confirmation?.subject).toBe("确认您的电子邮件地址 · Datta Dashboard");

      // An admin (browser in German) resets a user's second factors: the user chose no language, so
      // the notice is in DEFAULT_LANGUAGE (Spanish on this app), not in the admin's.
      const admin = await spanish.signedInAdmin({ email: uniqueEmail("lang-admin") });
      const user = await spanish.signedIn({ email: uniqueEmail("lang-target") });
      const found = await spanish.json<any>(`/api/admin/users?q=${encodeURIComponent(user.email)}`, { jar: admin.jar });
      const reset = await spanish.json<any>(`/api/admin/users/${found.body.users[0].uid}/reset-two-factor`, {
        method: "POST",
        body: {},
        jar: admin.jar,
        csrf: true,
        headers: { "accept-language": "de" },
      });
      expect(reset.status).toBe(200);
      expect(reset.body.msg).toBe(
        "Zwei-Faktor-Anmeldung zurückgesetzt: Jede Sitzung ist beendet, und der Benutzer hat eine Nachricht erhalten.",
      );
      const [adminNotice] = (await mail.deliver(user.email)).filter((m) => m.subject.includes("dos pasos"));
      expect(adminNotice?.subject).toBe("Se restableció su inicio de sesión en dos pasos · Datta Dashboard");
    });

    test("a notice names its time in the time zone the user's browser said; none, or a made-up one: UTC", async () => {
      const user = await t.signedIn({ email: uniqueEmail("lang-zone") });
      const said = (zone: string) => {
        user.jar.cookies.set("datta_time_zone", { name: "datta_time_zone", value: zone, attributes: new Map() });
        return t.json<any>("/api/users/me", { jar: user.jar });
      };
      // A name this runtime does not know is not kept; the notice then says UTC.
      expect((await said("Mars%2FOlympus_Mons")).status).toBe(200);
      const change = (from: string, to: string) =>
        t.json<any>("/api/users/password", {
          method: "PUT",
          body: { current_password: from, new_password: to },
          jar: user.jar,
          csrf: true,
        });
      expect((await change(PASSWORD, "zone passphrase number 1")).status).toBe(200);
      const [utc] = (await mail.deliver(user.email, 1)).filter((m) => m.subject.startsWith("Your password"));
      expect(mailParts(utc?.raw ?? "").text).toMatch(/\d{2}:\d{2} UTC/);
      // Tokyo, as a browser there says it: the next notice names the time there.
      expect((await said("Asia%2FTokyo")).status).toBe(200);
      const before = Date.now();
      expect((await change("zone passphrase number 1", "zone passphrase number 2")).status).toBe(200);
      const tokyo = (await mail.deliver(user.email, 2)).filter((m) => m.subject.startsWith("Your password")).at(-1);
      const text = mailParts(tokyo?.raw ?? "").text;
      expect(text).not.toContain("UTC");
      const hour = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", hourCycle: "h23", timeZone: "Asia/Tokyo" });
      const hours = [before, Date.now()].map((ms) => hour.format(ms));
      expect(hours.some((h) => text.includes(`${h}:`))).toBe(true);
      expect(text).toContain("GMT+9");
    });
  });
}
