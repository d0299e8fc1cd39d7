/**
 * The server from source (`bun src/main.ts`, production, on Postgres and Redis) for bench/profile.ts
 * and bench/ab.ts: a throwaway database and data directory, the server started (with extra `bun`
 * flags: a profiler, a preload), one account signed in, and what wrk needs to ask `path` as it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { SQL } from "bun";
import { freePort } from "../scripts/cluster.ts";
import { prepareOidc } from "./oidc.ts";

export interface Workspace {
  /** A directory of its own (profiles, heap samples, data directories). */
  dir: string;
  /** The environment of a server on the throwaway database. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A throwaway database on DATABASE_URL's Postgres (default 127.0.0.1), a directory, and secrets. */
export async function workspace(name: string): Promise<Workspace> {
  const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = new SQL(adminUrl, { max: 1 });
  const dbName = `datta_${name}_${process.pid}`;
  await admin.unsafe(`create database ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const dir = await mkdtemp(join(tmpdir(), `datta-${name}-`));
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
  return {
    dir,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      JWT_SECRET_KEY: secret,
      DATA_ENCRYPTION_KEY: secret,
      PUBLIC_URL: "http://127.0.0.1",
      COOKIE_SECURE: "false",
      HOME: dir,
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: process.env.REDIS_URL || "redis://127.0.0.1:6379",
      // A 1 h token TTL keeps the implicit renewal out of the steady state being measured.
      ACCESS_TOKEN_TTL: "1h",
    },
    async close() {
      await rm(dir, { recursive: true, force: true });
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.close();
    },
  };
}

export interface SourceServer {
  url: string;
  proc: Subprocess;
  /** performance.now() when it was spawned: its own clock (a profile's, the heap sampler's) starts there. */
  spawned: number;
  /** What wrk sends to ask `path` as the signed-in account (a cookie, or a bearer token for /oidc). */
  asked: Record<string, string>;
}

/** `root`'s src/main.ts with `flags` for bun, started, one account signed in; `name` keeps its Redis keys and data apart. */
export async function startFromSource(
  root: string,
  space: Workspace,
  name: string,
  path: string,
  flags: string[] = [],
  env: Record<string, string> = {},
  /** The built binary to run instead of `bun src/main.ts` (flags are then not used). */
  binary?: string,
): Promise<SourceServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawned = performance.now();
  const serverEnv = {
    ...space.env,
    REDIS_KEY_PREFIX: `${name}-${process.pid}:`,
    DATA_DIR: join(space.dir, name),
    ...env,
  };
  const command = binary ? [binary] : [process.execPath, ...flags, join(root, "src", "main.ts")];
  const proc = Bun.spawn(command, {
    env: { ...serverEnv, PORT: String(port) },
    stdout: "ignore",
    stderr: "inherit",
  });
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 1500 || proc.exitCode !== null) throw new Error(`${name}: the server did not start`);
    await Bun.sleep(20);
  }
  const post = (p: string, body: unknown) =>
    fetch(url + p, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const account = { username: "bench_user", email: `${name}@example.com`, password: "bench passphrase 1" };
  await post("/api/users/signup", account);
  if (path.startsWith("/api/admin")) {
    // An admin path is asked as an admin: the role set straight in the database (how it is granted
    // is not what is measured).
    const sql = new SQL(space.env.DATABASE_URL ?? "", { max: 1 });
    await sql`update users set role = 'admin' where email = ${account.email}`;
    // A full first page of others (25 and the next page's first), as at a million users.
    await sql`
      insert into users (username, email, password_hash)
      select ${name} || '_' || g, ${name} || g || '@example.com', 'not a hash' from generate_series(1, 30) as g
    `;
    await sql.close();
  }
  const login = await post("/api/users/login", account);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const asked: Record<string, string> = path.startsWith("/oidc")
    ? { WRK_AUTHORIZATION: `Bearer ${(await (await prepareOidc(url, serverEnv, cookie)).tokens()).accessToken}` }
    : { WRK_COOKIE: cookie };
  return { url, proc, spawned, asked };
}
