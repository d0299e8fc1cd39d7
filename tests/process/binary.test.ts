/**
 * The single binary, copied alone into an empty folder (no node_modules, no source): it starts on
 * embedded defaults, serves the dashboard and the API, and uses Postgres + Redis when told to.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFile, mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { hasRealBackends, realUrls, uniqueEmail } from "../helpers/backends.ts";
import { ensureBinary } from "../helpers/binary.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { call } from "../helpers/process.ts";

const PASSWORD = "binary passphrase";
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

async function run(env: Record<string, string>): Promise<{ url: string; proc: Subprocess }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const proc = Bun.spawn([join(folder, "datta-dashboard")], {
    cwd: folder,
    env: { PATH: "/usr/bin:/bin", HOME: folder, PORT: String(port), ...env },
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

async function exercise(url: string): Promise<void> {
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
    ]) {
      expect(text).toContain(name);
    }
  });

  test("on embedded defaults: health, the dashboard, signup and login; data kept in DATA_DIR", async () => {
    expect(await readdir(folder)).toEqual(["datta-dashboard"]);
    const { url, proc } = await run({});
    await exercise(url);
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
        REDIS_URL: realUrls.redis as string,
        NODE_ENV: "production",
        JWT_SECRET_KEY: "binary-test-secret-0123456789abcdef-xyz",
        COOKIE_SECURE: "false",
      });
      await exercise(url);
      const ready = await call({ url }, "/api/ready");
      expect(ready.body).toEqual({ status: "ready", checks: { database: "ok", store: "ok" } });
    }, 60_000);
  }

  test("--healthcheck fails when nothing answers", async () => {
    const proc = Bun.spawn([join(folder, "datta-dashboard"), "--healthcheck"], { env: { PORT: "1" } });
    expect(await proc.exited).toBe(1);
  });
});
