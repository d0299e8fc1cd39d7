/**
 * The single binary, copied alone into an empty folder (no node_modules, no source): it starts on
 * embedded defaults, serves the dashboard and the API, and uses Postgres + Redis when told to.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { copyFile, mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { hasRealBackends, realUrls, TEST_DATA_KEY, uniqueEmail } from "../helpers/backends.ts";
import { ensureBinary } from "../helpers/binary.ts";
import { hasChromium, openBrowser } from "../helpers/chromium.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call } from "../helpers/process.ts";
import { eventually, freePort, SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const PASSWORD = "binary passphrase";
const SECRET = "binary-test-secret-0123456789abcdef-xyz";
const DATA_KEY = "binary-test-data-encryption-key-0123456789";
let folder: string;
const running: Subprocess[] = [];

beforeAll(async () => {
  const binary = await ensureBinary();
  folder = await mkdtemp(join(tmpdir(), "datta-binary-"));
  await copyFile(binary, join(folder, "datta-dashboard"));
}, 60_000);
afterAll(() => {
  for (const proc of running) proc.kill("SIGKILL");
});

async function run(env: Record<string, string>): Promise<{ url: string; proc: Subprocess<"ignore", "pipe", "pipe"> }> {
  // A port free a moment ago can be taken before the binary binds it (other tests start servers
  // too): then start again on another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOn(await freePort(), env);
    } catch (error) {
      if (attempt === 3 || !String(error).includes("in use")) throw error;
    }
  }
}

async function runOn(
  port: number,
  env: Record<string, string>,
): Promise<{ url: string; proc: Subprocess<"ignore", "pipe", "pipe"> }> {
  const proc = Bun.spawn([join(folder, "datta-dashboard")], {
    cwd: folder,
    env: {
      PATH: "/usr/bin:/bin",
      HOME: folder,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_ENCRYPTION_KEY: DATA_KEY,
      ...env,
    },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  running.push(proc);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, proc };
    if (proc.exitCode !== null) break;
    await Bun.sleep(50);
  }
  throw new Error(`the binary did not start: ${await new Response(proc.stderr).text()}`);
}

/** The process's stdout up to the first line containing `marker`. */
async function readUntil(proc: Subprocess<"ignore", "pipe", "pipe">, marker: string): Promise<string> {
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return text;
}

async function exercise(url: string): Promise<CookieJar> {
  const server = { url };
  expect((await call(server, "/api/health")).body).toEqual({ status: "ok" });
  const page = await call(server, "/signin");
  expect(page.status).toBe(200);
  expect(page.body).toContain('<div id="app">');
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
  expect(script).toBeDefined();
  const asset = await fetch(url + script);
  expect(asset.status).toBe(200);
  expect((await asset.text()).length).toBeGreaterThan(10_000);
  expect((await call(server, "/api/docs")).status).toBe(200);
  const email = uniqueEmail("binary");
  expect(
    (
      await call(server, "/api/users/signup", {
        method: "POST",
        body: { username: "binary", email, password: PASSWORD },
      })
    ).status,
  ).toBe(201);
  const jar = new CookieJar();
  expect(
    (await call(server, "/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar })).status,
  ).toBe(200);
  expect((await call(server, "/api/users/me", { jar })).body.user.email).toBe(email);
  return jar;
}

describe("dist/datta-dashboard alone in an empty folder", () => {
  test("--help prints the configuration it reads", async () => {
    const proc = Bun.spawn([join(folder, "datta-dashboard"), "--help"], { stdout: "pipe" });
    const text = await new Response(proc.stdout).text();
    expect(await proc.exited).toBe(0);
    for (const name of [
      "PORT",
      "DATABASE_URL",
      "REDIS_URL",
      "JWT_SECRET_KEY",
      "ACCESS_TOKEN_TTL",
      "SESSION_MAX_AGE",
      "COOKIE_SECURE",
      "TRUST_PROXY",
      "DATA_DIR",
      "NODE_ENV",
      "PUBLIC_URL",
      "FORWARD_AUTH_AUDIENCE",
      "DATA_ENCRYPTION_KEY",
      "keys rotate",
      "whoami",
    ]) {
      expect(text).toContain(name);
    }
  });

  test("it runs in production by default: no JWT_SECRET_KEY, no start, and one line saying why", async () => {
    const proc = Bun.spawn([join(folder, "datta-dashboard")], {
      cwd: folder,
      env: { PATH: "/usr/bin:/bin", HOME: folder, PORT: "0" },
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(await proc.exited).toBe(1);
    expect(await new Response(proc.stderr).text()).toContain("JWT_SECRET_KEY is required in production");
    expect(await readdir(folder)).toEqual(["datta-dashboard"]);
  });

  test("on embedded defaults: health, the dashboard, signup and login; data kept in DATA_DIR", async () => {
    expect(await readdir(folder)).toEqual(["datta-dashboard"]);
    const { url, proc } = await run({ JWT_SECRET_KEY: SECRET });
    const jar = await exercise(url);
    // Production by default: Secure cookies, HSTS.
    expect(jar.cookies.get("access_token_cookie")?.attributes.get("secure")).toBe(true);
    const health = await fetch(`${url}/api/health`);
    expect(health.headers.get("strict-transport-security")).toBe("max-age=31536000");
    const healthy = Bun.spawn([join(folder, "datta-dashboard"), "--healthcheck"], { env: { PORT: new URL(url).port } });
    expect(await healthy.exited).toBe(0);
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect((await readdir(folder)).sort()).toEqual(["data", "datta-dashboard"]);
  }, 60_000);

  if (hasRealBackends) {
    test("with DATABASE_URL and REDIS_URL: the real services", async () => {
      const { url } = await run({
        DATABASE_URL: realUrls.database as string,
        DATA_ENCRYPTION_KEY: TEST_DATA_KEY,
        REDIS_URL: realUrls.redis as string,
        REDIS_KEY_PREFIX: `test-${crypto.randomUUID()}:`,
        NODE_ENV: "production",
        JWT_SECRET_KEY: SECRET,
        COOKIE_SECURE: "false",
      });
      await exercise(url);
      const ready = await call({ url }, "/api/ready");
      expect(ready.body).toEqual({ status: "ready", checks: { database: "ok", store: "ok" } });
    }, 60_000);
  } else leftOut("process/binary (with the real services)", NEEDS.backends);

  test("over its own listener: the page and the bundle precompressed (brotli, gzip) with every security header", async () => {
    const data = await mkdtemp(join(tmpdir(), "datta-binary-data-"));
    const { url, proc } = await run({ JWT_SECRET_KEY: SECRET, DATA_DIR: data });
    // A first start on an empty DATA_DIR loads the seed the binary carries instead of running initdb.
    const startLog = await readUntil(proc, "listening");
    expect(startLog).toContain('"first_start":true');
    const plain = await (await fetch(`${url}/`, { headers: { "accept-encoding": "identity" } })).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(plain)?.[1] as string;
    for (const path of ["/", script]) {
      const identity = await fetch(url + path, { headers: { "accept-encoding": "identity" } });
      const identityBytes = (await identity.arrayBuffer()).byteLength;
      for (const [accept, coding] of [
        ["br, gzip", "br"],
        ["gzip", "gzip"],
      ] as const) {
        // fetch would undo the coding and drop the header; ask for the raw bytes.
        const res = await fetch(url + path, { headers: { "accept-encoding": accept }, decompress: false });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-encoding")).toBe(coding);
        expect(res.headers.get("vary")).toBe("accept-encoding");
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        expect(res.headers.get("x-frame-options")).toBe("DENY");
        expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
        expect((await res.arrayBuffer()).byteLength).toBeLessThan(identityBytes);
      }
    }
    expect((await fetch(`${url}/`)).headers.get("content-security-policy")).toContain("default-src 'self'");
    // Only GET and HEAD are files; anything else is the app's 404.
    expect((await fetch(`${url}/`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${url}${script}.br`)).status).toBe(404);
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  }, 60_000);

  if (hasChromium) {
    test("in a real browser: Chromium takes the brotli forms and renders the sign-in page from them", async () => {
      const data = await mkdtemp(join(tmpdir(), "datta-binary-data-"));
      const { url, proc } = await run({ JWT_SECRET_KEY: SECRET, DATA_DIR: data });
      const browser = await openBrowser("desktop");
      try {
        const encodings = new Map<string, string | undefined>();
        browser.page.on("response", (response) => {
          const path = new URL(response.url()).pathname;
          if (path === "/" || path.startsWith("/assets/")) encodings.set(path, response.headers()["content-encoding"]);
        });
        await browser.page.goto(`${url}/`);
        await browser.page.getByRole("heading", { name: "Sign in" }).waitFor();
        // The page's own script and stylesheet (as index.html names them), and the chunks it loads
        // (WebAuthn support, to offer passkeys; the other providers' buttons).
        const assets = [...encodings.keys()].filter((path) => path.endsWith(".js") || path.endsWith(".css"));
        const index = await (await fetch(`${url}/`)).text();
        const entry = [...index.matchAll(/(?:src|href)="(\/assets\/main-[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
        expect(entry).toHaveLength(2);
        for (const path of entry) expect(assets).toContain(path as string);
        for (const [path, encoding] of encodings) expect([path, encoding]).toEqual([path, "br"]);
        expect(browser.problems).toEqual([]);
      } finally {
        await browser.close();
        proc.kill("SIGTERM");
        await proc.exited;
      }
    }, 60_000);
  } else leftOut("process/binary (in Chromium)", NEEDS.chromium);

  test("its dashboard is served from memory: nothing written to the temp dir, nothing planted there served", async () => {
    // What the first version did: extract to TMPDIR/datta-dashboard-web-<hash of index.html>, and
    // serve that directory when it already existed, whoever had made it.
    const temp = await mkdtemp(join(tmpdir(), "datta-shared-tmp-"));
    const index = await Bun.file(join(import.meta.dir, "..", "..", "dist", "web", "index.html")).text();
    const planted = join(temp, `datta-dashboard-web-${Bun.hash(index).toString(36)}`);
    await mkdir(join(planted, "assets"), { recursive: true });
    await writeFile(join(planted, "index.html"), "<!doctype html><title>planted</title><script>steal()</script>");
    const before = (await readdir(temp, { recursive: true })).sort();

    const data = await mkdtemp(join(tmpdir(), "datta-binary-data-"));
    const { url, proc } = await run({ JWT_SECRET_KEY: SECRET, TMPDIR: temp, DATA_DIR: data });
    const page = await (await fetch(`${url}/signin`)).text();
    expect(page).not.toContain("planted");
    expect(page).toBe(index);
    proc.kill("SIGTERM");
    await proc.exited;
    expect((await readdir(temp, { recursive: true })).sort()).toEqual(before);
  }, 60_000);

  test("the OpenID provider in the binary: a client from its CLI, client credentials, introspection, on the embedded store", async () => {
    // The provider knows its models by their class names: a build that dropped them stored
    // everything nowhere (this failed before the build kept names).
    const dataDir = await mkdtemp(join(tmpdir(), "datta-binary-oidc-"));
    const env = {
      PATH: "/usr/bin:/bin",
      HOME: folder,
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: DATA_KEY,
      JWT_SECRET_KEY: SECRET,
    };
    const added = Bun.spawnSync(
      [join(folder, "datta-dashboard"), "clients", "add", "--name", "Service", "--grant", "client_credentials"],
      { cwd: folder, env: { ...env, PUBLIC_URL: "http://127.0.0.1" }, stdout: "pipe", stderr: "pipe" },
    );
    expect(added.exitCode).toBe(0);
    const { client_id, client_secret } = JSON.parse(added.stdout.toString());
    const { url, proc } = await run({ DATA_DIR: dataDir, JWT_SECRET_KEY: SECRET });
    const basic = `Basic ${btoa(`${client_id}:${client_secret}`)}`;
    const form = { "content-type": "application/x-www-form-urlencoded", authorization: basic };
    const token = await fetch(`${url}/oidc/token`, {
      method: "POST",
      headers: form,
      body: "grant_type=client_credentials",
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    const introspect = (value: string) =>
      fetch(`${url}/oidc/token/introspection`, { method: "POST", headers: form, body: `token=${value}` }).then(
        (r) => r.json() as Promise<{ active: boolean; client_id?: string }>,
      );
    expect(await introspect(access_token)).toMatchObject({ active: true, client_id });
    expect((await introspect("never-issued")).active).toBe(false);
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  }, 60_000);

  test("--healthcheck fails when nothing answers", async () => {
    const proc = Bun.spawn([join(folder, "datta-dashboard"), "--healthcheck"], { env: { PORT: "1" } });
    expect(await proc.exited).toBe(1);
  });

  test("`whoami`: the same executable is the sample service, refusing a request without an assertion", async () => {
    const port = await freePort();
    const proc = Bun.spawn([join(folder, "datta-dashboard"), "whoami"], {
      cwd: folder,
      env: { PATH: "/usr/bin:/bin", PORT: String(port), HOST: "127.0.0.1" },
      stdout: "pipe",
      stderr: "pipe",
    });
    running.push(proc);
    const base = `http://127.0.0.1:${port}`;
    await eventually(
      () =>
        fetch(`${base}/whoami/health`).then(
          (r) => r.ok,
          () => false,
        ),
      10_000,
    );
    const refused = await fetch(`${base}/whoami/`, { headers: { "x-auth-user-id": crypto.randomUUID() } });
    expect(refused.status).toBe(401);
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  });
});
