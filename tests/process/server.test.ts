/**
 * The real process, over real HTTP: what a newcomer does with curl after `bun run dev`, a restart
 * that must not sign anybody out, bad configuration, shutdown, and (with Postgres + Redis) a
 * logout on one process seen at once by another.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { chmod, lstat, mkdtemp, readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { enqueueMail } from "../../src/mail/outbox.ts";
import { connectPostgres } from "../../src/platform/db/postgres.ts";
import { createSealer } from "../../src/platform/sealed.ts";
import { hasRealBackends, realUrls, TEST_DATA_KEY, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { mailParts } from "../helpers/mail.ts";
import { call, linkFromOutbox, runMain, type Server, startServer } from "../helpers/process.ts";
import { startSmtp } from "../helpers/smtp.ts";
import { eventually, SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const PASSWORD = "correct horse battery staple";
const running: Server[] = [];
afterAll(async () => {
  await Promise.all(running.map((server) => server.stop("SIGKILL")));
});
async function start(env: Record<string, string>): Promise<Server> {
  const server = await startServer(env);
  running.push(server);
  return server;
}

describe("the server process on embedded defaults", () => {
  test("signup, login, me, update, logout; then the old token is 401; a restart keeps data and sessions", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "datta-e2e-"));
    let server = await start({ DATA_DIR: dataDir });
    expect(server.lines.some((line) => line.includes("in-process store"))).toBe(true);

    const email = uniqueEmail();
    expect(
      (
        await call(server, "/api/users/signup", {
          method: "POST",
          body: { username: "curl_user", email, password: PASSWORD },
        })
      ).status,
    ).toBe(201);
    const jar = new CookieJar();
    expect(
      (await call(server, "/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar })).status,
    ).toBe(200);
    expect((await call(server, "/api/users/me", { jar })).body.user.email).toBe(email);
    expect(
      (await call(server, "/api/users/update", { method: "PUT", body: { username: "renamed" }, jar, csrf: true }))
        .status,
    ).toBe(200);
    const old = jar.clone();
    expect((await call(server, "/api/users/logout", { method: "POST", jar, csrf: true })).status).toBe(200);
    expect((await call(server, "/api/users/me", { jar: old })).status).toBe(401);

    // A session open across a restart survives it: the generated secret is kept in DATA_DIR.
    const kept = new CookieJar();
    await call(server, "/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: kept });
    expect((await server.stop()).valueOf()).toBe(0);
    expect(((await stat(join(dataDir, "jwt-secret"))).mode & 0o777).toString(8)).toBe("600");
    server = await start({ DATA_DIR: dataDir });
    const me = await call(server, "/api/users/me", { jar: kept });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe("renamed");
    expect((await call(server, "/dashboard")).body).toContain("<!doctype html>");
    // No password, token or cookie value reached the log.
    const log = server.lines.join("\n");
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(kept.get("access_token_cookie") as string);
  }, 60_000);

  test("production with a secret and a DATA_DIR that does not exist yet: it is created", async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), "datta-e2e-")), "nested", "data");
    const server = await start({
      NODE_ENV: "production",
      JWT_SECRET_KEY: "production-secret-0123456789abcdef-xyz",
      PUBLIC_URL: "https://auth.example.com",
      DATA_ENCRYPTION_KEY: "production-data-encryption-key-0123456789",
      DATA_DIR: dataDir,
    });
    expect((await call(server, "/api/ready")).status).toBe(200);
    expect((await stat(join(dataDir, "pgdata"))).isDirectory()).toBe(true);
  }, 30_000);

  test("SIGTERM: stops and exits 0", async () => {
    const server = await start({ DATA_DIR: await mkdtemp(join(tmpdir(), "datta-e2e-")) });
    expect((await call(server, "/api/health")).status).toBe(200);
    expect(await server.stop("SIGTERM")).toBe(0);
  }, 30_000);
});

describe("mail on embedded defaults: no mail server needed", () => {
  for (const mode of ["development", "production"] as const) {
    test(`${mode}: the confirmation is an .eml file in DATA_DIR/outbox; ${
      mode === "development" ? "its link is printed" : "no link is printed"
    }`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), `datta-mail-${mode}-`));
      const production = {
        NODE_ENV: "production",
        JWT_SECRET_KEY: "production-secret-0123456789abcdef-xyz",
        PUBLIC_URL: "https://auth.example.com",
        DATA_ENCRYPTION_KEY: "production-data-encryption-key-0123456789",
        COOKIE_SECURE: "false",
      };
      const server = await start({ DATA_DIR: dataDir, ...(mode === "production" ? production : {}) });
      const email = uniqueEmail(`eml-${mode}`);
      const signup = await call(server, "/api/users/signup", {
        method: "POST",
        body: { username: "eml_user", email, password: PASSWORD },
      });
      expect(signup.status).toBe(201);
      const outbox = join(dataDir, "outbox");
      let message = "";
      await eventually(async () => {
        const names = (await readdir(outbox).catch(() => [] as string[])).filter((name) => name.endsWith(".eml"));
        message = names.length ? await Bun.file(join(outbox, names[0] as string)).text() : "";
        return message.includes(email);
      }, 10_000);
      expect((await stat(join(outbox, (await readdir(outbox))[0] as string))).mode & 0o777).toBe(0o600);
      await server.stop();
      const stderr = await new Response(server.proc.stderr).text();
      const origin = mode === "production" ? "https://auth.example.com" : server.url.replace("127.0.0.1", "localhost");
      if (mode === "development") {
        expect(stderr).toMatch(
          new RegExp(`mail to ${email.replace(/\./g, "\\.")}: .*verify-email#token=[A-Za-z0-9_-]{43}`),
        );
        expect(stderr).toContain("/verify-email#token=");
      } else {
        expect(stderr).not.toContain("#token=");
        expect(server.lines.join("\n")).not.toContain("#token=");
        expect(mailParts(message).text).toMatch(new RegExp(`${origin}/verify-email#token=[A-Za-z0-9_-]{43}`));
      }
    }, 30_000);
  }
});

describe("where it listens and what it leaves on disk", () => {
  const reachable = (host: string, port: string) =>
    fetch(`http://${host}:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );

  test("development listens on loopback only, and the start-up line names the address really bound", async () => {
    const server = await start({ DATA_DIR: await mkdtemp(join(tmpdir(), "datta-host-")) });
    const port = new URL(server.url).port;
    const listening = server.lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === "listening");
    expect(listening.address).toBe(`127.0.0.1:${port}`);
    expect(await reachable("127.0.0.1", port)).toBe(true);
    // Another address of this very machine: nothing listens there.
    expect(await reachable("127.0.0.2", port)).toBe(false);
  }, 30_000);

  test("HOST=0.0.0.0 listens on every interface (and says so)", async () => {
    const server = await start({ HOST: "0.0.0.0", DATA_DIR: await mkdtemp(join(tmpdir(), "datta-host-")) });
    const port = new URL(server.url).port;
    const listening = server.lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === "listening");
    expect(listening.address).toBe(`0.0.0.0:${port}`);
    expect(await reachable("127.0.0.2", port)).toBe(true);
  }, 30_000);

  test("a DATA_DIR that already exists with mode 0755: nobody else can reach anything the server keeps there", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "datta-perm-"));
    await chmod(dataDir, 0o755);
    for (let run = 0; run < 2; run++) {
      // Twice: the files made at first start (initdb), and the ones written while serving.
      const server = await start({ DATA_DIR: dataDir });
      const signup = await call(server, "/api/users/signup", {
        method: "POST",
        body: { username: `perm_${run}`, email: uniqueEmail(), password: PASSWORD },
      });
      expect(signup.status).toBe(201);
      await server.stop();
    }
    const open: string[] = [];
    for (const entry of [".", ...(await readdir(dataDir, { recursive: true }))]) {
      const info = await lstat(join(dataDir, entry));
      const mode = info.mode & 0o777;
      // Directories 0700: no other user can enter any of them, so no file below is reachable.
      // Files: never writable by others; the ones the server made itself (keys) and the
      // database's own files 0600 (PGlite's cache files may say 0644 behind those directories).
      const bad = info.isDirectory()
        ? mode !== 0o700
        : mode & 0o022 || (!entry.endsWith("pg_internal.init") && mode & 0o077);
      if (bad) open.push(`${entry} ${mode.toString(8)}`);
    }
    expect(open).toEqual([]);
    expect((await readdir(join(dataDir, "pgdata"))).length).toBeGreaterThan(5);
  }, 30_000);

  test("a DATA_DIR other users may write to: the server refuses to start, naming DATA_DIR", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "datta-perm-"));
    await chmod(dataDir, 0o777);
    const { code, stderr } = await runMain({ DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr).toContain("DATA_DIR");
    expect(stderr).toContain("writable by other users");
    expect(await readdir(dataDir)).toEqual([]);
  });
});

describe("one process at a time on the embedded database, and its signing keys", () => {
  test("a second server or `keys rotate` on a DATA_DIR in use is refused; once it stops, rotation works", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "datta-lock-"));
    const server = await start({ DATA_DIR: dataDir });
    const first = await call(server, "/.well-known/jwks.json");
    expect(first.body.keys).toHaveLength(2);

    const second = await runMain({ DATA_DIR: dataDir });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`DATA_DIR (${dataDir}) is in use by process ${server.proc.pid}`);
    const rotate = await runMain({ DATA_DIR: dataDir }, ["keys", "rotate"]);
    expect(rotate.code).toBe(1);
    expect(rotate.stderr).toContain("is in use by process");

    expect(await server.stop()).toBe(0);
    expect(await readdir(dataDir)).not.toContain("lock");
    const rotated = await runMain({ DATA_DIR: dataDir }, ["keys", "rotate", "--activate-in", "0"]);
    expect(rotated.code).toBe(0);
    const line = JSON.parse(rotated.stdout.trim().split("\n").at(-1) as string);
    expect(line.msg).toBe("signing keys rotated");
    expect(rotated.stdout).not.toContain("PRIVATE");

    const restarted = await start({ DATA_DIR: dataDir });
    const kids = (await call(restarted, "/.well-known/jwks.json")).body.keys.map((key: { kid: string }) => key.kid);
    const before = first.body.keys.map((key: { kid: string }) => key.kid);
    // Each ring: the new key, then the one it replaces (Ed25519's, then RSA's).
    expect(kids).toEqual([line.kid, before[0], line.rsa_kid, before[1]]);
    await restarted.stop();
    expect((await runMain({ DATA_DIR: dataDir }, ["keys", "spin"])).code).toBe(2);
    // A command nobody knows is not a reason to start serving: the usage, exit 2.
    const unknown = await runMain({ DATA_DIR: dataDir }, ["nosuch"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "nosuch"');
    expect(unknown.stderr).toContain("Usage: datta-dashboard");
  }, 60_000);

  test("`clients add|list|secret|remove`: JSON on stdout, the secret once, mistakes named with exit 2", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "datta-clients-"));
    const run = (args: string[]) => runMain({ DATA_DIR: dataDir }, ["clients", ...args]);
    const added = await run([
      "add",
      "--name",
      "Grafana",
      "--redirect-uri",
      "https://grafana.example.com/cb",
      "--scope",
      "openid profile roles",
    ]);
    expect(added.code).toBe(0);
    const { client_id, client_secret } = JSON.parse(added.stdout);
    expect(client_id).toMatch(/^[\w-]{20,}$/);
    expect(client_secret).toMatch(/^[\w-]{43}$/);
    const service = await run([
      "add",
      "--name",
      "Reports",
      "--grant",
      "client_credentials",
      "--resource",
      "https://api.example.com",
    ]);
    expect(service.code).toBe(0);
    const listed = JSON.parse((await run(["list"])).stdout);
    expect(listed.clients.map((c: { name: string }) => c.name)).toEqual(["Grafana", "Reports"]);
    expect(listed.clients[0]).toMatchObject({
      client_id,
      scopes: "openid profile roles",
      redirect_uris: ["https://grafana.example.com/cb"],
    });
    expect(JSON.stringify(listed)).not.toContain(client_secret);
    const rotated = await run(["secret", client_id]);
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout).client_secret).not.toBe(client_secret);
    expect((await run(["remove", client_id])).code).toBe(0);
    expect(JSON.parse((await run(["list"])).stdout).clients).toHaveLength(1);
    // Mistakes: said on stderr, nothing on stdout, exit 2 (1 for a client that is not there).
    const insecure = await run(["add", "--name", "X", "--redirect-uri", "http://grafana.example.com/cb"]);
    expect(insecure).toMatchObject({ code: 2, stdout: "" });
    expect(insecure.stderr).toContain("redirect_uris[0]: must be https://");
    expect((await run(["add", "--redirect-uri", "https://x.example.com/cb"])).code).toBe(2);
    expect((await run(["add", "--name", "X", "--bogus"])).code).toBe(2);
    expect((await run(["spin"])).code).toBe(2);
    expect((await run(["remove", "no-such-client"])).code).toBe(1);
  }, 60_000);

  test("`admin grant|revoke EMAIL` against the server's own database; never the last admin; ADMIN_EMAILS at start for a confirmed address only", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "datta-admin-"));
    const server = await start({ DATA_DIR: dataDir });
    const [ada, bob] = [uniqueEmail("cli-ada"), uniqueEmail("cli-bob")];
    for (const email of [ada, bob]) {
      const made = await call(server, "/api/users/signup", {
        method: "POST",
        body: { username: "cli_user", email, password: PASSWORD },
      });
      expect(made.status).toBe(201);
    }
    expect(await server.stop()).toBe(0);
    const role = async (email: string, env: Record<string, string> = {}) => {
      const again = await start({ DATA_DIR: dataDir, ...env });
      const jar = new CookieJar();
      const login = await call(again, "/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar });
      await again.stop();
      return login.body.user.role as string;
    };

    const granted = await runMain({ DATA_DIR: dataDir }, ["admin", "grant", ada.toUpperCase()]);
    expect(granted.code).toBe(0);
    expect(JSON.parse(granted.stdout.trim().split("\n").at(-1) as string).msg).toBe("admin role granted");
    expect(await role(ada)).toBe("admin");
    // The only admin stays one.
    const refused = await runMain({ DATA_DIR: dataDir }, ["admin", "revoke", ada]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("last admin");
    expect((await runMain({ DATA_DIR: dataDir }, ["admin", "grant", uniqueEmail("nobody")])).code).toBe(1);
    expect((await runMain({ DATA_DIR: dataDir }, ["admin", "promote", ada])).code).toBe(2);
    // ADMIN_EMAILS at start grants nothing to an unconfirmed address...
    expect(await role(bob, { ADMIN_EMAILS: bob })).toBe("user");
    // ...and the role once it is confirmed: with the link of the mail the server wrote to
    // DATA_DIR/outbox (no SMTP_URL), followed while no ADMIN_EMAILS was set, granted at the next start.
    const confirming = await start({ DATA_DIR: dataDir });
    const token = await linkFromOutbox(dataDir, bob, "verify-email");
    expect((await call(confirming, "/api/users/email/verify", { method: "POST", body: { token } })).status).toBe(200);
    await confirming.stop();
    expect(await role(bob)).toBe("user");
    expect(await role(bob, { ADMIN_EMAILS: bob })).toBe("admin");
    expect((await runMain({ DATA_DIR: dataDir }, ["admin", "revoke", ada])).code).toBe(0);
    expect(await role(ada)).toBe("user");
  }, 60_000);

  test("a lock left by a process that died is taken over", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "datta-lock-"));
    const server = await start({ DATA_DIR: dataDir });
    await server.stop("SIGKILL");
    expect(await readdir(dataDir)).toContain("lock");
    const again = await start({ DATA_DIR: dataDir });
    expect((await call(again, "/api/ready")).status).toBe(200);
  }, 30_000);

  test("a DATA_ENCRYPTION_KEY that does not open the stored signing keys: one line naming it", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "datta-keys-"));
    const server = await start({ DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: "the-first-data-encryption-key-0123456789" });
    await server.stop();
    const { code, stderr } = await runMain({
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: "another-data-encryption-key-0123456789",
    });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("DATA_ENCRYPTION_KEY does not open the signing keys");
    expect(stderr).not.toContain("0123456789");
    // Listing the old key after the new one opens them again.
    const both = await start({
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: "another-data-encryption-key-0123456789,the-first-data-encryption-key-0123456789",
    });
    expect((await call(both, "/.well-known/jwks.json")).body.keys).toHaveLength(2);
  }, 60_000);
});

describe("bad configuration stops the process with one line naming the variable", () => {
  test("a bad PORT", async () => {
    const { code, stderr } = await runMain({ PORT: "eighty" });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("PORT");
  });

  test("production without JWT_SECRET_KEY, or with a short one", async () => {
    for (const secret of [undefined, "too-short"]) {
      const env: Record<string, string> = {
        NODE_ENV: "production",
        DATA_DIR: await mkdtemp(join(tmpdir(), "datta-e2e-")),
      };
      if (secret) env.JWT_SECRET_KEY = secret;
      const { code, stderr } = await runMain(env);
      expect(code).toBe(1);
      expect(stderr).toContain("JWT_SECRET_KEY");
      expect(stderr.trim().split("\n")).toHaveLength(1);
      if (secret) expect(stderr).not.toContain(secret);
    }
  });
});

// Registered only with real backends (there is nothing to share otherwise); CI always sets them,
// and tests/ci.test.ts fails a CI run that does not.
if (hasRealBackends)
  describe("two processes sharing Postgres and Redis", () => {
    test("a token revoked through one process is rejected by the other", async () => {
      const env = {
        DATABASE_URL: realUrls.database as string,
        DATA_ENCRYPTION_KEY: TEST_DATA_KEY,
        REDIS_URL: realUrls.redis as string,
        REDIS_KEY_PREFIX: `test-${crypto.randomUUID()}:`,
        JWT_SECRET_KEY: "shared-secret-for-both-replicas-0123456789",
        DATA_DIR: await mkdtemp(join(tmpdir(), "datta-e2e-")),
      };
      const [a, b] = await Promise.all([start(env), start(env)]);
      expect(a.url).not.toBe(b.url);
      const email = uniqueEmail();
      await call(a, "/api/users/signup", {
        method: "POST",
        body: { username: "replica_user", email, password: PASSWORD },
      });
      const jar = new CookieJar();
      await call(a, "/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar });
      const old = jar.clone();
      expect((await call(b, "/api/users/me", { jar })).status).toBe(200);
      expect((await call(a, "/api/users/logout", { method: "POST", jar, csrf: true })).status).toBe(200);
      expect((await call(b, "/api/users/me", { jar: old })).status).toBe(401);
      expect((await call(a, "/api/users/me", { jar: old })).status).toBe(401);
    }, 60_000);
  });
else leftOut("process/server (two processes sharing Postgres and Redis)", NEEDS.backends);

// The outbox's worker runs in the server: a row written to the shared database goes out by itself.
if (hasRealBackends)
  describe("the server sends what the mail outbox holds", () => {
    // Every server on a database sends its outbox: the servers of the tests above, still running on
    // the same database, would take these messages too (each to its own outbox).
    beforeAll(async () => {
      await Promise.all(running.splice(0).map((server) => server.stop("SIGKILL")));
      // The backlog the API tests left (their sign-ups' mail, sent by no worker) would come first.
      const db = connectPostgres(realUrls.database as string);
      await db.sql`delete from mail_outbox where sent_at is null`;
      await db.close();
    });
    const enqueue = async (to: string) => {
      const db = connectPostgres(realUrls.database as string);
      await enqueueMail(db.sql, createSealer([TEST_DATA_KEY]), {
        to,
        subject: "Outbox from the process",
        text: "sent by the server",
      });
      await db.close();
    };
    const env = async (extra: Record<string, string>) => ({
      DATABASE_URL: realUrls.database as string,
      REDIS_URL: realUrls.redis as string,
      REDIS_KEY_PREFIX: `test-${crypto.randomUUID()}:`,
      DATA_ENCRYPTION_KEY: TEST_DATA_KEY,
      DATA_DIR: await mkdtemp(join(tmpdir(), "datta-mail-")),
      ...extra,
    });

    test("with SMTP_URL, over SMTP; the start-up line says which", async () => {
      const smtp = await startSmtp();
      try {
        const server = await start(await env({ SMTP_URL: smtp.url }));
        expect(server.lines.find((line) => line.includes('"listening"'))).toContain('"mail":"smtp"');
        const to = `process.${crypto.randomUUID().slice(0, 8)}@process-mail.example`;
        await enqueue(to);
        const [mail] = await smtp.waitFor(to);
        expect(mail?.subject).toBe("Outbox from the process");
        expect(mail?.raw).toContain("From: Datta Dashboard <no-reply@localhost>");
        await server.stop();
      } finally {
        await smtp.stop();
      }
    }, 30_000);

    test("without SMTP_URL, as .eml files in DATA_DIR/outbox", async () => {
      const settings = await env({});
      const server = await start(settings);
      expect(server.lines.find((line) => line.includes('"listening"'))).toContain('"mail":"file"');
      const to = `file.${crypto.randomUUID().slice(0, 8)}@process-mail.example`;
      await enqueue(to);
      const outbox = join(settings.DATA_DIR, "outbox");
      await eventually(async () => {
        const names = await readdir(outbox).catch(() => [] as string[]);
        const texts = await Promise.all(names.map((name) => Bun.file(join(outbox, name)).text()));
        return texts.some((text) => text.includes(to));
      }, 10_000);
      await server.stop();
    }, 30_000);
  });
else leftOut("process/server (the outbox sent by the server)", NEEDS.backends);
