/**
 * `bun run bench:admin`: the admin console at a million users. A throwaway Postgres database gets
 * 1,000,000 users from one `generate_series` insert (not row by row), with the indexes the
 * migrations create; the server (from source, production mode) answers on loopback and wrk drives
 * it with 10 connections, as 10 admins at once:
 *
 *   the first page; a page deep in the walk (cursor at the 500,000th user); prefix searches of
 *   1, 3 and 8 characters; and sign-in and /me at 1M users against the same at 1k users.
 *
 * Writes bench/ADMIN.md with the figures and the plans (`explain analyze`) of each admin query.
 *
 *   bun run bench:admin                   1,000,000 users, 3 rounds of 5 s
 *   bun run bench:admin -- --users 200000 --rounds 1
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { SQL } from "bun";
import { freePort } from "../scripts/cluster.ts";
import { createAdminRepository, type UserOrder } from "../src/admin/repository.ts";
import { createSql } from "../src/platform/db/sql.ts";
import { median, option, wrk as runWrk } from "./wrk.ts";

const root = join(import.meta.dir, "..");
const USERS = option("users", 1_000_000);
const ROUNDS = option("rounds", 3);
const DURATION = option("duration", 5);
const ADMINS = 10;
const LOGIN_CONNECTIONS = 4;
const SMALL = 1000;
const PASSWORD = "bench admin passphrase";
const ADMIN_EMAIL = "admin@bench.example";

const base = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0";
const dbName = `datta_admin_bench_${process.pid}`;
const dbUrl = (() => {
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  return url.toString();
})();

interface Run {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
}

function wrk(url: string, connections: number, env: Record<string, string>): Run {
  const r = runWrk(url, connections, DURATION, env);
  return { rps: r.rps, p50: r.p50, p99: r.p99, bad: r.non2xx + r.errors };
}

async function startServer(port: number): Promise<Subprocess> {
  const proc = Bun.spawn([process.execPath, join(root, "src", "main.ts")], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: dbUrl,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `bench-admin-${process.pid}:`,
      JWT_SECRET_KEY: "bench-admin-secret-0123456789abcdef0123",
      DATA_ENCRYPTION_KEY: "bench-admin-data-key-0123456789abcdef01",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      COOKIE_SECURE: "false",
      ADMIN_EMAILS: ADMIN_EMAIL,
      DATA_DIR: `/tmp/${dbName}`,
    },
    stdout: "ignore",
    stderr: "inherit",
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return proc;
    await Bun.sleep(100);
  }
  proc.kill();
  throw new Error("the server did not start");
}

/** Users `from`..`to` in one statement: names and addresses spread over the alphabet of md5. */
async function seed(sql: SQL, from: number, to: number, hash: string): Promise<number> {
  const started = performance.now();
  await sql`
    insert into users (username, email, password_hash, created_at, email_verified)
    select substr(md5(g::text), 1, 8) || '_' || g,
           substr(md5('e' || g), 1, 10) || g || '@bench.example',
           ${hash},
           now() - make_interval(secs => ${to} - g),
           g % 3 = 0
    from generate_series(${from}::int, ${to}::int) as g
  `;
  // What autovacuum does after a bulk load (it starts on its own past the insert threshold): the
  // statistics, and the visibility map that lets a search be answered from its index alone.
  await sql`vacuum analyze users`;
  return performance.now() - started;
}

async function main(): Promise<void> {
  const admin = new SQL(base);
  await admin.unsafe(`create database ${dbName}`);
  const sql = new SQL(dbUrl);
  const port = await freePort();
  let server: Subprocess | undefined;
  const lines: string[] = [];
  const say = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  try {
    server = await startServer(port);
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    const signup = await fetch(url("/api/users/signup"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "bench_admin", email: ADMIN_EMAIL, password: PASSWORD }),
    });
    if (signup.status !== 201) throw new Error(`sign-up: ${signup.status}`);
    // ADMIN_EMAILS grants the role to a confirmed address only. The bench has no mailbox to click
    // the link in, so it marks the address confirmed and starts the server again: a start brings
    // the accounts of ADMIN_EMAILS in line, as it does for an operator who adds an address.
    await sql`update users set email_verified = true where email = ${ADMIN_EMAIL}`;
    server.kill("SIGTERM");
    await server.exited;
    server = await startServer(port);
    const login = await fetch(url("/api/users/login"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const hash = await Bun.password.hash("seeded users' password", {
      algorithm: "argon2id",
      memoryCost: 19456,
      timeCost: 2,
    });

    /** Sign-in and /me, medians over the rounds. */
    const account = (label: string) => {
      const me: Run[] = [];
      const signIn: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        me.push(wrk(url("/api/users/me"), ADMINS, { WRK_COOKIE: cookie }));
        signIn.push(
          wrk(url("/api/users/login"), LOGIN_CONNECTIONS, {
            WRK_METHOD: "POST",
            WRK_BODY: JSON.stringify({ email: ADMIN_EMAIL, password: PASSWORD }),
          }),
        );
      }
      const summary = (runs: Run[]) => ({
        rps: median(runs.map((r) => r.rps)),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        bad: runs.reduce((n, r) => n + r.bad, 0),
      });
      const result = { me: summary(me), signIn: summary(signIn) };
      say(
        `${label}: /me ${result.me.rps.toFixed(0)} req/s p50 ${result.me.p50.toFixed(2)} p99 ${result.me.p99.toFixed(2)} ms; login ${result.signIn.rps.toFixed(1)} req/s p50 ${result.signIn.p50.toFixed(1)} p99 ${result.signIn.p99.toFixed(1)} ms`,
      );
      return result;
    };

    await seed(sql, 1, SMALL - 1, hash);
    const small = account(`at ${SMALL} users`);
    const seedMs = await seed(sql, SMALL, USERS, hash);
    say(
      `seeded ${(USERS - SMALL + 1).toLocaleString("en")} users in ${(seedMs / 1000).toFixed(1)} s (one insert ... select from generate_series, then vacuum analyze)`,
    );
    const large = account(`at ${USERS.toLocaleString("en")} users`);

    // The admin scenarios.
    const [deep] = await sql<{ k: string; uid: string }[]>`
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as k, stable_id as uid
      from users order by created_at desc, stable_id desc offset ${Math.floor(USERS / 2)} limit 1
    `;
    const deepCursor = Buffer.from(JSON.stringify([deep?.k, deep?.uid, "newest"])).toString("base64url");
    const [someone] = await sql<{ username: string }[]>`select username from users where username like '7%' limit 1`;
    const eight = (someone?.username ?? "7aaaaaaa").slice(0, 8);
    type Query = { q: string | null; cursor: [string, string] | null; order?: UserOrder };
    const scenarios: Array<[string, string, Query]> = [
      ["first page", "/api/admin/users?limit=25", { q: null, cursor: null }],
      [
        "first page, oldest first",
        "/api/admin/users?limit=25&order=oldest",
        { q: null, cursor: null, order: "oldest" },
      ],
      [
        `a page deep in the walk (the ${Math.floor(USERS / 2).toLocaleString("en")}th user)`,
        `/api/admin/users?limit=25&cursor=${deepCursor}`,
        { q: null, cursor: [deep?.k ?? "", deep?.uid ?? ""] },
      ],
      ["prefix search, 1 character", "/api/admin/users?limit=25&q=a", { q: "a", cursor: null }],
      ["prefix search, 3 characters", "/api/admin/users?limit=25&q=ab1", { q: "ab1", cursor: null }],
      [
        "prefix search, 3 characters, oldest first",
        "/api/admin/users?limit=25&q=ab1&order=oldest",
        { q: "ab1", cursor: null, order: "oldest" },
      ],
      [`prefix search, 8 characters`, `/api/admin/users?limit=25&q=${eight}`, { q: eight, cursor: null }],
    ];
    const table: string[] = [];
    const plans: string[] = [];
    for (const [name, path, query] of scenarios) {
      const check = await fetch(url(path), { headers: { cookie } });
      if (check.status !== 200) throw new Error(`${name}: ${check.status} ${await check.text()}`);
      const runs: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) runs.push(wrk(url(path), ADMINS, { WRK_COOKIE: cookie }));
      const p99 = median(runs.map((r) => r.p99));
      const row = `| ${name} | ${median(runs.map((r) => r.rps)).toFixed(0)} | ${median(runs.map((r) => r.p50)).toFixed(2)} | ${p99.toFixed(2)} | ${runs.reduce((n, r) => n + r.bad, 0)} | ${p99 <= 20 ? "met" : "**not met**"} |`;
      say(row);
      table.push(row);
      plans.push(
        `### ${name}\n\n\`\`\`\n${await explain(sql, query.q, query.cursor, query.order ?? "newest")}\n\`\`\``,
      );
    }

    const within = (a: number, b: number) => (b / a - 1) * 100;
    const report = `# The admin console at ${USERS.toLocaleString("en")} users

\`bun run bench:admin\` (bench/admin-scale.ts), ${new Date().toISOString().slice(0, 10)}, commit ${Bun.spawnSync(["git", "describe", "--always", "--dirty"]).stdout.toString().trim()}: the server from source in production mode on Postgres + Redis (loopback), wrk with ${ADMINS} connections (10 admins at once), ${ROUNDS} rounds of ${DURATION} s, medians. Users seeded by one \`insert ... select ... from generate_series\` with every index the migrations create: ${(seedMs / 1000).toFixed(1)} s for ${(USERS - SMALL + 1).toLocaleString("en")} users.

| admin request | req/s | p50 ms | p99 ms | non-2xx + errors | p99 ≤ 20 ms |
| --- | --- | --- | --- | --- | --- |
${table.join("\n")}

| at 1k and at 1M users | /me p50 | /me p99 | login p50 | login p99 |
| --- | --- | --- | --- | --- |
| ${SMALL.toLocaleString("en")} users | ${small.me.p50.toFixed(2)} ms | ${small.me.p99.toFixed(2)} ms | ${small.signIn.p50.toFixed(1)} ms | ${small.signIn.p99.toFixed(1)} ms |
| ${USERS.toLocaleString("en")} users | ${large.me.p50.toFixed(2)} ms | ${large.me.p99.toFixed(2)} ms | ${large.signIn.p50.toFixed(1)} ms | ${large.signIn.p99.toFixed(1)} ms |
| change | ${within(small.me.p50, large.me.p50).toFixed(1)}% | ${within(small.me.p99, large.me.p99).toFixed(1)}% | ${within(small.signIn.p50, large.signIn.p50).toFixed(1)}% | ${within(small.signIn.p99, large.signIn.p99).toFixed(1)}% |

## Plans (\`explain analyze\`, the statements of src/admin/repository.ts)

${plans.join("\n\n")}
`;
    const reportFile = join(import.meta.dir, "ADMIN.md");
    await writeFile(reportFile, report);
    // In the repository's format, as `bun run lint` checks it.
    Bun.spawnSync([join(root, "node_modules", ".bin", "biome"), "format", "--write", reportFile], { cwd: root });
    console.log("wrote bench/ADMIN.md");
  } finally {
    server?.kill("SIGTERM");
    await server?.exited;
    await sql.close();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.close();
  }
}

/**
 * The plan of the list statement for these arguments: the repository's own statement, run through
 * a driver that puts `explain` before it, so what is explained is what the server runs.
 */
async function explain(sql: SQL, q: string | null, cursor: [string, string] | null, order: UserOrder) {
  const explaining = createSql({
    query: (text, params) => sql.unsafe(`explain (analyze, buffers, costs off) ${text}`, params as unknown[]),
    exec: async () => {},
  });
  const rows = (await createAdminRepository(explaining).listUsers(q ?? undefined, cursor, 25, order)) as unknown[];
  return rows.map((row) => Object.values(row as Record<string, string>)[0]).join("\n");
}

await main();
