/**
 * `bun run bench`: the server (the built binary, production mode, real Postgres and Redis)
 * against its ceiling (bench/baseline.ts), driven by wrk on loopback, interleaved round by round;
 * medians are reported and written to bench/RESULTS.md.
 *
 *   bun run bench                          3 rounds of 5 s per scenario and target
 *   bun run bench -- --rounds 5 --duration 10
 *
 * DATABASE_URL / REDIS_URL name the servers (default: 127.0.0.1); a throwaway database is created
 * on that Postgres and dropped at the end.
 */
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import postgres from "postgres";
import { BINARY, freePort } from "../scripts/cluster.ts";

const root = join(import.meta.dir, "..");

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}
const ROUNDS = option("rounds", 3);
const DURATION = option("duration", 5);
const CONNECTIONS = option("connections", 50);
const LOGIN_CONNECTIONS = 8;
const STARTUP_RUNS = 7;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const log = (text: string) => console.log(text);

function sh(command: string): string {
  return Bun.spawnSync(["sh", "-c", command], { stdout: "pipe", stderr: "pipe" }).stdout.toString().trim();
}

async function waitFor(url: string, proc: Subprocess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${url}: process exited ${proc.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await Bun.sleep(20);
  }
  throw new Error(`${url}: no answer`);
}

/** Milliseconds from spawning the binary to its first 200 from /api/health. */
async function startupMs(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const proc = Bun.spawn([BINARY], {
    env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port) },
    stdout: "ignore",
    stderr: "pipe",
  });
  try {
    while (true) {
      if (proc.exitCode !== null)
        throw new Error(`startup: exited ${proc.exitCode}: ${await new Response(proc.stderr).text()}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return performance.now() - started;
      await Bun.sleep(2);
    }
  } finally {
    proc.kill("SIGKILL");
    await proc.exited;
  }
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function wrk(url: string, connections: number, env: Record<string, string>): WrkResult {
  const out = Bun.spawnSync(
    [
      "wrk",
      "-t2",
      `-c${connections}`,
      `-d${DURATION}s`,
      "--timeout",
      "5s",
      "-s",
      join(import.meta.dir, "wrk", "scenario.lua"),
      url,
    ],
    { env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" },
  );
  const line = out.stdout
    .toString()
    .split("\n")
    .find((l) => l.startsWith("WRK_JSON "));
  if (!line) throw new Error(`wrk gave no summary: ${out.stderr.toString()}${out.stdout.toString()}`);
  const r = JSON.parse(line.slice(9));
  return {
    rps: r.requests / (r.duration_us / 1e6),
    p50: r.p50_us / 1000,
    p99: r.p99_us / 1000,
    non2xx: r.status,
    errors: r.connect + r.read + r.write + r.timeout,
  };
}

function peakRssMb(pid: number): number {
  const status = sh(`cat /proc/${pid}/status`);
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main(): Promise<void> {
  if (!Bun.which("wrk")) {
    log("installing wrk (apt-get)");
    sh("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk");
  }
  log("building dist/datta-dashboard");
  const build = Bun.spawnSync([process.execPath, join(root, "scripts", "build.ts")], {
    stdout: "pipe",
    stderr: "pipe",
  });
  if (build.exitCode !== 0) throw new Error(build.stderr.toString());

  const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const dbName = `datta_bench_${process.pid}`;
  await admin.unsafe(`create database ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
  const work = await mkdtemp(join(tmpdir(), "datta-bench-"));
  const processes: Subprocess[] = [];

  try {
    const common = { NODE_ENV: "production", JWT_SECRET_KEY: secret, COOKIE_SECURE: "false", HOME: work };
    const realEnv = { ...common, DATABASE_URL: dbUrl.toString(), REDIS_URL: redisUrl, DATA_DIR: join(work, "real") };

    // The server: the production binary. A 1 h token TTL keeps the implicit refresh out of the
    // steady state being measured; the request log goes where a container's would (stdout).
    const serverPort = await freePort();
    const server = Bun.spawn([BINARY], {
      env: { PATH: process.env.PATH ?? "", ...realEnv, PORT: String(serverPort), ACCESS_TOKEN_TTL: "1h" },
      stdout: "ignore",
      stderr: "inherit",
    });
    processes.push(server);
    const serverUrl = `http://127.0.0.1:${serverPort}`;
    await waitFor(`${serverUrl}/api/health`, server);

    const webDir = join(root, "dist", "web");
    const jsName = (await readdir(join(webDir, "assets"))).find((f) => f.endsWith(".js")) as string;
    const baselinePort = await freePort();
    const baseline = Bun.spawn([process.execPath, join(import.meta.dir, "baseline.ts")], {
      env: {
        ...process.env,
        PORT: String(baselinePort),
        JWT_SECRET_KEY: secret,
        DATABASE_URL: dbUrl.toString(),
        REDIS_URL: redisUrl,
        WEB_INDEX: join(webDir, "index.html"),
        WEB_JS: join(webDir, "assets", jsName),
        WEB_JS_PATH: `/assets/${jsName}`,
      },
      stdout: "ignore",
      stderr: "inherit",
    });
    processes.push(baseline);
    const baselineUrl = `http://127.0.0.1:${baselinePort}`;
    await waitFor(`${baselineUrl}/`, baseline);

    // A user and a session, shared by both targets (same secret, same database).
    const email = "bench@example.com";
    const password = "bench passphrase 1";
    await fetch(`${serverUrl}/api/users/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "bench_user", email, password }),
    });
    const login = await fetch(`${serverUrl}/api/users/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    const cookies = login.headers.getSetCookie().map((c) => c.split(";")[0]);
    const cookie = cookies.join("; ");
    const csrf = (cookies.find((c) => c?.startsWith("csrf_access_token=")) ?? "").split("=")[1] ?? "";
    for (const url of [serverUrl, baselineUrl]) {
      const me = await fetch(`${url}/api/users/me`, { headers: { cookie } });
      if (me.status !== 200) throw new Error(`${url}/api/users/me answered ${me.status}`);
    }

    const scenarios: Array<{ name: string; path: string; env: Record<string, string>; connections: number }> = [
      {
        name: "GET /api/users/me (cookie)",
        path: "/api/users/me",
        env: { WRK_COOKIE: cookie },
        connections: CONNECTIONS,
      },
      {
        name: "PUT /api/users/update (cookie + CSRF)",
        path: "/api/users/update",
        env: { WRK_METHOD: "PUT", WRK_COOKIE: cookie, WRK_CSRF: csrf, WRK_BODY: '{"username":"bench_user"}' },
        connections: CONNECTIONS,
      },
      { name: "GET / (dashboard page)", path: "/", env: {}, connections: CONNECTIONS },
      { name: `GET /assets/${jsName} (main bundle)`, path: `/assets/${jsName}`, env: {}, connections: CONNECTIONS },
    ];
    const results = new Map<string, { server: WrkResult[]; baseline: WrkResult[] }>();
    for (const s of scenarios) results.set(s.name, { server: [], baseline: [] });

    const loginRuns: WrkResult[] = [];
    const verifyRates: number[] = [];
    const loginEnv = { WRK_METHOD: "POST", WRK_BODY: JSON.stringify({ email, password }) };

    for (let round = 1; round <= ROUNDS; round++) {
      log(`round ${round}/${ROUNDS}`);
      for (const s of scenarios) {
        const entry = results.get(s.name) as { server: WrkResult[]; baseline: WrkResult[] };
        // Alternate who goes first, so neither always gets the warmer machine.
        const order = round % 2 ? (["server", "baseline"] as const) : (["baseline", "server"] as const);
        for (const who of order) {
          const r = wrk((who === "server" ? serverUrl : baselineUrl) + s.path, s.connections, s.env);
          entry[who].push(r);
          log(
            `  ${s.name.padEnd(48)} ${who.padEnd(8)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
          );
        }
      }
      const loginRun = wrk(`${serverUrl}/api/users/login`, LOGIN_CONNECTIONS, loginEnv);
      loginRuns.push(loginRun);
      const loop = Bun.spawnSync([process.execPath, join(import.meta.dir, "verify-loop.ts")], {
        env: { ...process.env, DURATION: String(DURATION) },
        stdout: "pipe",
      });
      const rate = JSON.parse(loop.stdout.toString()).rate as number;
      verifyRates.push(rate);
      log(
        `  ${"POST /api/users/login".padEnd(48)} server   ${loginRun.rps.toFixed(1).padStart(7)} req/s  p99 ${loginRun.p99.toFixed(1)} ms  non-2xx ${loginRun.non2xx}; bare verify ${rate.toFixed(1)}/s`,
      );
    }
    const serverRss = peakRssMb(server.pid);
    const baselineRss = peakRssMb(baseline.pid);

    log("startup: binary to first 200 from /api/health");
    const realStartup: number[] = [];
    for (let i = 0; i < STARTUP_RUNS; i++) realStartup.push(await startupMs(realEnv));
    const embeddedDir = join(work, "embedded");
    const embeddedEnv = { ...common, DATA_DIR: embeddedDir };
    const embeddedCold = await startupMs(embeddedEnv);
    const embeddedWarm: number[] = [];
    for (let i = 0; i < STARTUP_RUNS; i++) embeddedWarm.push(await startupMs(embeddedEnv));

    // ---- report ----
    const rows: string[] = [];
    const ratios: Record<string, number> = {};
    for (const s of scenarios) {
      const { server: sv, baseline: bl } = results.get(s.name) as { server: WrkResult[]; baseline: WrkResult[] };
      const sRps = median(sv.map((r) => r.rps));
      const bRps = median(bl.map((r) => r.rps));
      ratios[s.path] = sRps / bRps;
      rows.push(
        `| ${s.name} | ${s.connections} | ${sRps.toFixed(0)} | ${median(sv.map((r) => r.p50)).toFixed(2)} | ${median(sv.map((r) => r.p99)).toFixed(2)} | ${sv.reduce((n, r) => n + r.non2xx + r.errors, 0)} | ${bRps.toFixed(0)} | ${median(bl.map((r) => r.p50)).toFixed(2)} | ${median(bl.map((r) => r.p99)).toFixed(2)} | ${(100 * (sRps / bRps)).toFixed(0)}% |`,
      );
    }
    const loginRps = median(loginRuns.map((r) => r.rps));
    const verifyRate = median(verifyRates);
    rows.push(
      `| POST /api/users/login | ${LOGIN_CONNECTIONS} | ${loginRps.toFixed(1)} | ${median(loginRuns.map((r) => r.p50)).toFixed(1)} | ${median(loginRuns.map((r) => r.p99)).toFixed(1)} | ${loginRuns.reduce((n, r) => n + r.non2xx + r.errors, 0)} | ${verifyRate.toFixed(1)} (bare verify) | – | – | ${(100 * (loginRps / verifyRate)).toFixed(0)}% |`,
    );

    const me = results.get(scenarios[0]?.name as string) as { server: WrkResult[] };
    const meP99 = median(me.server.map((r) => r.p99));
    const meErrors = me.server.reduce((n, r) => n + r.non2xx + r.errors, 0);
    const realStart = median(realStartup);
    const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
    const targets = [
      `| /api/users/me throughput | ≥ 80% of baseline | ${(100 * (ratios["/api/users/me"] ?? 0)).toFixed(1)}% | ${verdict((ratios["/api/users/me"] ?? 0) >= 0.8)} |`,
      `| /api/users/me p99 at ${CONNECTIONS} connections | ≤ 5 ms | ${meP99.toFixed(2)} ms | ${verdict(meP99 <= 5)} |`,
      `| /api/users/me errors | 0 | ${meErrors} | ${verdict(meErrors === 0)} |`,
      `| login vs bare Bun.password.verify | ≥ 90% | ${(100 * (loginRps / verifyRate)).toFixed(1)}% | ${verdict(loginRps / verifyRate >= 0.9)} |`,
      `| peak RSS of the server | ≤ 100 MB | ${serverRss.toFixed(0)} MB | ${verdict(serverRss <= 100)} |`,
      `| start to first healthy answer (Postgres + Redis) | ≤ 150 ms | ${realStart.toFixed(0)} ms | ${verdict(realStart <= 150)} |`,
    ];

    const commit =
      sh(`git -C ${root} rev-parse --short HEAD`) +
      (sh(`git -C ${root} status --porcelain -- src web bench`) ? " (+ uncommitted changes)" : "");
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const report = `# Benchmark results

Written by \`bun run bench\` (bench/run.ts). Medians of ${ROUNDS} interleaved rounds of ${DURATION} s per
scenario and target; wrk with 2 threads on loopback, on the same machine as the servers.

- machine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${sh("uname -sr")}
- Bun ${Bun.version}, ${sh("wrk --version 2>&1 | head -n 1").split(" Copyright")[0]}, ${sh("psql --version")}, Redis ${sh("redis-server --version").match(/v=([\d.]+)/)?.[1] ?? "?"}
- date: ${new Date().toISOString()}
- commit: ${commit}
- server: dist/datta-dashboard, NODE_ENV=production, real Postgres and Redis, request log on (to stdout)
- baseline: bench/baseline.ts, a bare Bun.serve with the same drivers (postgres.js, node-redis): HMAC
  verify, one Redis GET, one SELECT by subject (for the update: the same UPDATE + event statement);
  static files as in-memory responses. Login's ceiling: ${navigator.hardwareConcurrency} loops of bare
  Bun.password.verify at the server's argon2id parameters (19 MiB, t=2).

## Throughput and latency

| scenario | conns | server req/s | p50 ms | p99 ms | non-2xx + errors | baseline req/s | p50 ms | p99 ms | server / baseline |
|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Peak RSS over the whole run: server ${serverRss.toFixed(0)} MB, baseline ${baselineRss.toFixed(0)} MB.

## Start-up: spawning the binary to its first 200 from /api/health

| backends | median of ${STARTUP_RUNS} | min | max |
|---|---|---|---|
| Postgres + Redis (migrated database) | ${realStart.toFixed(0)} ms | ${Math.min(...realStartup).toFixed(0)} ms | ${Math.max(...realStartup).toFixed(0)} ms |
| embedded, existing DATA_DIR | ${median(embeddedWarm).toFixed(0)} ms | ${Math.min(...embeddedWarm).toFixed(0)} ms | ${Math.max(...embeddedWarm).toFixed(0)} ms |
| embedded, first start (initdb) | ${embeddedCold.toFixed(0)} ms | – | – |

## Targets

| target | wanted | measured | |
|---|---|---|---|
${targets.join("\n")}
`;
    // The hand-written reading of these figures (what bounds a target, what was changed) follows.
    const analysis = await Bun.file(join(import.meta.dir, "analysis.md"))
      .text()
      .catch(() => "");
    await writeFile(join(import.meta.dir, "RESULTS.md"), analysis ? `${report}\n${analysis}` : report);
    log(`\n${report}`);
  } finally {
    for (const proc of processes) proc.kill("SIGTERM");
    await Promise.all(processes.map((p) => p.exited));
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

await main();
