/**
 * `bun run bench`: the server (the built binary, production mode, real Postgres and Redis)
 * against its ceiling (bench/baseline.ts), driven by wrk on loopback, interleaved round by round;
 * medians are reported and written to bench/RESULTS.md.
 *
 *   bun run bench                          3 rounds of 5 s per scenario and target, then the
 *                                          admin console at 1,000,000 users (bench/admin-scale.ts)
 *   bun run bench -- --rounds 5 --duration 10
 *   bun run bench -- --no-admin            without the million-user run
 *
 * DATABASE_URL / REDIS_URL name the servers (default: 127.0.0.1); a throwaway database is created
 * on that Postgres and dropped at the end.
 */
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { SQL } from "bun";
import { BINARY, freePort } from "../scripts/cluster.ts";
import { exchangeRate, oidcScenarios, prepareOidc } from "./oidc.ts";
import { benchRules } from "./rules.ts";
import { median, option, rssMb, wrk as runWrk, type WrkResult } from "./wrk.ts";

const root = join(import.meta.dir, "..");

const ROUNDS = option("rounds", 3);
const DURATION = option("duration", 5);
const CONNECTIONS = option("connections", 50);
const LOGIN_CONNECTIONS = 8;
/** `--drivers`: also the bare servers that swap one driver each (what each swap is worth). */
const DRIVERS = process.argv.includes("--drivers");
/** `--no-admin`: skip the admin console at a million users (it seeds for about a minute). */
const ADMIN_SCALE = !process.argv.includes("--no-admin");
/** `--only me`: only the scenarios whose path contains this (and no login, for a quick look). */
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const OIDC_NAMES = {
  exchange: "POST /oidc/token (authorization code, PKCE)",
  refresh: "POST /oidc/token (refresh token)",
  userinfo: "GET /oidc/me (userinfo, bearer)",
  introspection: "POST /oidc/token/introspection",
} as const;
/** Codes exchanged per round at the token endpoint, by this many loops at once. */
const CODES = 300;
const CODE_LOOPS = 8;

interface Target {
  name: string;
  url: string;
  proc: Subprocess;
  /** Only these scenarios' paths (every scenario when absent). */
  paths?: string[];
}
interface Scenario {
  name: string;
  path: string;
  env: Record<string, string>;
}
const STARTUP_RUNS = 7;

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
    // Stopped as an operator would (SIGTERM: the embedded database shuts down cleanly), so the
    // next start is a restart, not a recovery after a crash.
    proc.kill("SIGTERM");
    await proc.exited;
  }
}

/** Milliseconds for a bare script to compile PGlite and open `dir` (bench/pglite-start.ts). */
function pgliteStartMs(dir: string): number {
  const started = performance.now();
  const run = Bun.spawnSync([process.execPath, join(import.meta.dir, "pglite-start.ts")], {
    env: { PATH: process.env.PATH ?? "", PGDATA_DIR: dir },
    stderr: "pipe",
  });
  if (run.exitCode !== 0) throw new Error(`pglite-start: ${run.stderr.toString()}`);
  return performance.now() - started;
}

const wrk = (url: string, connections: number, env: Record<string, string>, pid: number): WrkResult =>
  runWrk(url, connections, DURATION, env, pid);

const peakRssMb = (pid: number) => rssMb(pid);

/** Starts a new peak: Linux resets VmHWM to the current RSS when "5" is written to clear_refs. */
async function resetPeakRss(pid: number): Promise<void> {
  await writeFile(`/proc/${pid}/clear_refs`, "5");
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
  const admin = new SQL(adminUrl, { max: 1 });
  const dbName = `datta_bench_${process.pid}`;
  await admin.unsafe(`create database ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
  const work = await mkdtemp(join(tmpdir(), "datta-bench-"));
  const processes: Subprocess[] = [];

  try {
    const common = {
      NODE_ENV: "production",
      JWT_SECRET_KEY: secret,
      DATA_ENCRYPTION_KEY: secret,
      PUBLIC_URL: "http://127.0.0.1",
      COOKIE_SECURE: "false",
      HOME: work,
    };
    // Keys of its own on a shared Redis: the sign-up limit (10 per IP per hour) must not carry over.
    const realEnv = {
      ...common,
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `bench-${process.pid}:`,
      DATA_DIR: join(work, "real"),
    };

    // The server: the production binary. A 1 h token TTL keeps the implicit refresh out of the
    // steady state being measured; the request log goes where a container's would (stdout).
    const startServer = async (
      name: string,
      env: Record<string, string> = {},
      command: string[] = [BINARY],
    ): Promise<{ url: string; proc: Subprocess }> => {
      const port = await freePort();
      const proc = Bun.spawn(command, {
        env: {
          PATH: process.env.PATH ?? "",
          ...realEnv,
          REDIS_KEY_PREFIX: `bench-${process.pid}-${name}:`,
          DATA_DIR: join(work, name),
          PORT: String(port),
          ACCESS_TOKEN_TTL: "1h",
          ...env,
        },
        stdout: "ignore",
        stderr: "inherit",
      });
      processes.push(proc);
      const url = `http://127.0.0.1:${port}`;
      await waitFor(`${url}/api/health`, proc);
      return { url, proc };
    };
    /** A new account on `url` and a session for it: the Cookie header and the CSRF value. */
    const session = async (url: string, email: string): Promise<{ cookie: string; csrf: string }> => {
      const post = (path: string, body: unknown) =>
        fetch(url + path, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const signup = await post("/api/users/signup", { username: "bench_user", email, password });
      if (signup.status !== 201) throw new Error(`signup answered ${signup.status}`);
      const login = await post("/api/users/login", { email, password });
      const cookies = login.headers.getSetCookie().map((c) => c.split(";")[0]);
      const csrf = (cookies.find((c) => c?.startsWith("csrf_access_token=")) ?? "").split("=")[1] ?? "";
      return { cookie: cookies.join("; "), csrf };
    };
    const password = "bench passphrase 1";
    const { url: serverUrl, proc: server } = await startServer("server");

    const webDir = join(root, "dist", "web");
    const jsName = (await readdir(join(webDir, "assets"))).find((f) => f.endsWith(".js")) as string;
    /** A bare Bun.serve (bench/baseline.ts) on the given drivers. */
    const startBaseline = async (pgClient: string, redisClient: string): Promise<{ url: string; proc: Subprocess }> => {
      const port = await freePort();
      const proc = Bun.spawn([process.execPath, join(import.meta.dir, "baseline.ts")], {
        env: {
          ...process.env,
          PORT: String(port),
          PG_CLIENT: pgClient,
          REDIS_CLIENT: redisClient,
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
      processes.push(proc);
      const url = `http://127.0.0.1:${port}`;
      await waitFor(`${url}/`, proc);
      return { url, proc };
    };
    const targets: Target[] = [
      { name: "server", ...{ url: serverUrl, proc: server } },
      { name: "floor", ...(await startBaseline("bun", "bun")) },
      { name: "npm", ...(await startBaseline("postgres.js", "node-redis")) },
    ];
    // Forward auth's cost of the rules: two servers that serve only /api/auth/verify, the same but
    // for the 200 access rules one of them loads.
    const rulesFile = join(work, "access-rules.json");
    await writeFile(rulesFile, benchRules(200));
    const verifyOnly = ["/api/auth/verify"];
    targets.push({ name: "rules-0", ...(await startServer("rules-0")), paths: verifyOnly });
    targets.push({
      name: "rules-200",
      ...(await startServer("rules-200", { ACCESS_RULES: rulesFile })),
      paths: verifyOnly,
    });
    if (DRIVERS) {
      targets.push({ name: "pg-only", ...(await startBaseline("bun", "node-redis")) });
      targets.push({ name: "redis-only", ...(await startBaseline("postgres.js", "bun")) });
      targets.push({ name: "pipelined", ...(await startBaseline("bun", "bun-pipelined")) });
    }

    // A user and a session, shared by every target (same secret, same database).
    const email = "bench@example.com";
    const { cookie, csrf } = await session(serverUrl, email);
    for (const { url } of targets) {
      for (const path of ["/api/users/me", "/api/auth/verify"]) {
        const res = await fetch(url + path, { headers: { cookie } });
        if (res.status !== 200) throw new Error(`${url}${path} answered ${res.status}`);
      }
    }

    const scenarios = (
      [
        { name: "GET /api/users/me (cookie)", path: "/api/users/me", env: { WRK_COOKIE: cookie } },
        { name: "GET /api/auth/verify (forward auth)", path: "/api/auth/verify", env: { WRK_COOKIE: cookie } },
        {
          name: "PUT /api/users/update (cookie + CSRF)",
          path: "/api/users/update",
          env: { WRK_METHOD: "PUT", WRK_COOKIE: cookie, WRK_CSRF: csrf, WRK_BODY: '{"username":"bench_user"}' },
        },
        { name: "GET / (dashboard page)", path: "/", env: {} },
        { name: "GET main bundle (identity)", path: `/assets/${jsName}`, env: {} },
      ] as Scenario[]
    ).filter((s) => ONLY === undefined || s.path.includes(ONLY) || (ONLY === "oidc" && s.path === "/api/users/me"));
    const results = new Map<string, Map<string, WrkResult[]>>();
    for (const s of scenarios) results.set(s.name, new Map(targets.map((t) => [t.name, []])));

    // The OpenID provider: a first-party client, the bench user signed in to it.
    const oidc = ONLY === undefined || ONLY === "oidc" ? await prepareOidc(serverUrl, realEnv, cookie) : null;
    const oidcRuns = {
      exchange: [] as WrkResult[],
      refresh: [] as WrkResult[],
      userinfo: [] as WrkResult[],
      introspection: [] as WrkResult[],
    };

    const loginRuns: WrkResult[] = [];
    const verifyRates: number[] = [];
    const scenarioRss = new Map<string, number>();
    const loginEnv = { WRK_METHOD: "POST", WRK_BODY: JSON.stringify({ email, password }) };

    for (let round = 1; round <= ROUNDS; round++) {
      log(`round ${round}/${ROUNDS}`);
      for (const s of scenarios) {
        // Rotate who goes first, so no target always gets the warmer (or the hotter) machine.
        const order = targets.map((_, i) => targets[(i + round - 1) % targets.length] as Target);
        for (const target of order) {
          if (target.paths && !target.paths.includes(s.path)) continue;
          await resetPeakRss(target.proc.pid);
          const r = wrk(target.url + s.path, CONNECTIONS, s.env, target.proc.pid);
          results.get(s.name)?.get(target.name)?.push(r);
          // The peak under each scenario's load, the highest over the rounds.
          const key = `${target.name} ${s.path}`;
          scenarioRss.set(key, Math.max(scenarioRss.get(key) ?? 0, peakRssMb(target.proc.pid)));
          log(
            `  ${s.name.padEnd(40)} ${target.name.padEnd(10)} ${r.rps.toFixed(0).padStart(7)} req/s  ${r.perCpuSecond.toFixed(0).padStart(6)} per CPU-s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
          );
        }
      }
      if (oidc) {
        const exchange = await exchangeRate(oidc, CODES, CODE_LOOPS, server.pid);
        const { refresh, userinfo, introspection } = await oidcScenarios(
          serverUrl,
          oidc,
          CONNECTIONS,
          DURATION,
          server.pid,
        );
        Object.entries({ exchange, refresh, userinfo, introspection }).forEach(([name, r]) => {
          oidcRuns[name as keyof typeof oidcRuns].push(r);
          log(
            `  ${`oidc ${name}`.padEnd(40)} server     ${r.rps.toFixed(0).padStart(7)} req/s  ${r.perCpuSecond.toFixed(0).padStart(6)} per CPU-s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
          );
        });
      }
      if (ONLY !== undefined) continue;
      await resetPeakRss(server.pid);
      const loginRun = wrk(`${serverUrl}/api/users/login`, LOGIN_CONNECTIONS, loginEnv, server.pid);
      loginRuns.push(loginRun);
      scenarioRss.set("server login", Math.max(scenarioRss.get("server login") ?? 0, peakRssMb(server.pid)));
      const loop = Bun.spawnSync([process.execPath, join(import.meta.dir, "verify-loop.ts")], {
        env: { ...process.env, DURATION: String(DURATION) },
        stdout: "pipe",
      });
      const rate = JSON.parse(loop.stdout.toString()).rate as number;
      verifyRates.push(rate);
      log(
        `  ${"POST /api/users/login".padEnd(40)} server     ${loginRun.rps.toFixed(1).padStart(7)} req/s  p99 ${loginRun.p99.toFixed(1)} ms  non-2xx ${loginRun.non2xx}; bare verify ${rate.toFixed(1)}/s`,
      );
    }

    // The peak the issue asks about: a server that has only ever served /me (after its one sign-up
    // and sign-in), as a process behind a dashboard mostly does. The table above has each
    // scenario's peak in the long-lived server, which carries what earlier loads left behind.
    // Idle: after its sign-up and sign-in, a second to settle. From the binary and from source.
    log("RSS: a new server, idle, then under the /me load alone");
    const meOnlyRss = async (name: string, command: string[]) => {
      const meOnly = await startServer(name, {}, command);
      const meOnlySession = await session(meOnly.url, `bench-${name}@example.com`);
      await Bun.sleep(1000);
      const idle = rssMb(meOnly.proc.pid, "VmRSS");
      for (let round = 1; round <= ROUNDS; round++)
        wrk(`${meOnly.url}/api/users/me`, CONNECTIONS, { WRK_COOKIE: meOnlySession.cookie }, meOnly.proc.pid);
      const peak = peakRssMb(meOnly.proc.pid);
      meOnly.proc.kill("SIGTERM");
      await meOnly.proc.exited;
      return { idle, peak };
    };
    const binaryRss = await meOnlyRss("me-only", [BINARY]);
    const sourceRss = await meOnlyRss("me-only-source", [process.execPath, join(root, "src", "main.ts")]);
    const serverRss = Math.max(binaryRss.peak, sourceRss.peak);

    log("startup: binary to first 200 from /api/health");
    const realStartup: number[] = [];
    const embeddedCold: number[] = [];
    const embeddedWarm: number[] = [];
    const pgliteFloor: number[] = [];
    for (let i = 0; i < STARTUP_RUNS; i++) {
      realStartup.push(await startupMs(realEnv));
      // A new, empty DATA_DIR each time: the first start of a fresh install.
      const embeddedEnv = { ...common, DATA_DIR: join(work, `embedded-${i}`) };
      embeddedCold.push(await startupMs(embeddedEnv));
      embeddedWarm.push(await startupMs(embeddedEnv));
      pgliteFloor.push(pgliteStartMs(join(work, `embedded-${i}`, "pgdata")));
    }

    // ---- report ----
    const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
    const medianOf = (runs: WrkResult[], key: keyof WrkResult) => median(runs.map((r) => r[key]));
    const rows: string[] = [];
    const headline: string[] = [];
    const ratios: Record<string, number> = {};
    const cpuRatios: Record<string, number> = {};
    const p99Ratios: Record<string, number> = {};
    let scenarioErrors = 0;
    for (const s of scenarios) {
      const byTarget = results.get(s.name) as Map<string, WrkResult[]>;
      const floorRuns = byTarget.get("floor") as WrkResult[];
      const floorRps = medianOf(floorRuns, "rps");
      const floorP99 = medianOf(floorRuns, "p99");
      const floorCpu = medianOf(floorRuns, "perCpuSecond");
      for (const target of targets) {
        const runs = byTarget.get(target.name) as WrkResult[];
        if (runs.length === 0) continue;
        const rps = medianOf(runs, "rps");
        const perCpu = medianOf(runs, "perCpuSecond");
        const errors = runs.reduce((n, r) => n + r.non2xx + r.errors, 0);
        if (target.name.startsWith("rules-")) {
          ratios[`${s.path} ${target.name}`] = rps;
          scenarioErrors += errors;
        }
        if (target.name === "server") {
          ratios[s.path] = rps / floorRps;
          cpuRatios[s.path] = perCpu / floorCpu;
          p99Ratios[s.path] = medianOf(runs, "p99") / floorP99;
          scenarioErrors += errors;
          headline.push(
            `| ${s.name} | ${runs.map((r) => r.perCpuSecond.toFixed(0)).join(" / ")} | ${perCpu.toFixed(0)} | ${floorCpu.toFixed(0)} | **${(perCpu / floorCpu).toFixed(2)}** | ${(medianOf(runs, "p99") / floorP99).toFixed(2)}x |`,
          );
        }
        rows.push(
          `| ${s.name} | ${target.name} | ${runs.map((r) => r.rps.toFixed(0)).join(" / ")} | ${rps.toFixed(0)} | ${perCpu.toFixed(0)} | ${medianOf(runs, "p50").toFixed(2)} | ${medianOf(runs, "p99").toFixed(2)} | ${errors} | ${(scenarioRss.get(`${target.name} ${s.path}`) ?? 0).toFixed(0)} | ${pct(rps / floorRps)} | ${pct(perCpu / floorCpu)} |`,
        );
      }
    }
    const loginRps = loginRuns.length ? median(loginRuns.map((r) => r.rps)) : Number.NaN;
    const verifyRate = verifyRates.length ? median(verifyRates) : Number.NaN;
    const loginRow = loginRuns.length
      ? `| POST /api/users/login (${LOGIN_CONNECTIONS} connections) | server | ${loginRuns.map((r) => r.rps.toFixed(1)).join(" / ")} | ${loginRps.toFixed(1)} | ${median(loginRuns.map((r) => r.perCpuSecond)).toFixed(1)} | ${median(loginRuns.map((r) => r.p50)).toFixed(1)} | ${median(loginRuns.map((r) => r.p99)).toFixed(1)} | ${loginRuns.reduce((n, r) => n + r.non2xx + r.errors, 0)} | ${(scenarioRss.get("server login") ?? 0).toFixed(0)} | ${pct(loginRps / verifyRate)} of bare verify (${verifyRate.toFixed(1)}/s) | |`
      : "";

    const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
    const ratio = (path: string) => ratios[path] ?? Number.NaN;
    const cpuRatio = (path: string) => cpuRatios[path] ?? Number.NaN;
    const target = (name: string, wanted: string, measured: string, ok: boolean) =>
      `| ${name} | ${wanted} | ${measured} | ${verdict(ok)} |`;
    const coldStart = median(embeddedCold);
    const warmStart = median(embeddedWarm);
    // The OpenID provider's figures, each against /api/users/me on the server in the same run.
    const meRps = medianOf(results.get("GET /api/users/me (cookie)")?.get("server") ?? [], "rps");
    const meCpu = medianOf(results.get("GET /api/users/me (cookie)")?.get("server") ?? [], "perCpuSecond");
    const oidcMedian = (name: keyof typeof oidcRuns, key: keyof WrkResult) =>
      oidcRuns[name].length ? medianOf(oidcRuns[name], key) : Number.NaN;
    const oidcRows = (Object.keys(oidcRuns) as Array<keyof typeof oidcRuns>).map(
      (name) =>
        `| ${OIDC_NAMES[name]} | ${oidcRuns[name].map((r) => r.rps.toFixed(0)).join(" / ")} | ${oidcMedian(name, "rps").toFixed(0)} | ${oidcMedian(name, "perCpuSecond").toFixed(0)} | ${pct(oidcMedian(name, "perCpuSecond") / meCpu)} | ${oidcMedian(name, "p50").toFixed(2)} | ${oidcMedian(name, "p99").toFixed(2)} | ${oidcRuns[name].reduce((n, r) => n + r.non2xx + r.errors, 0)} | ${pct(oidcMedian(name, "rps") / meRps)} |`,
    );
    const oidcTargets = oidc
      ? [
          target(
            "the refresh grant (Postgres + Redis)",
            "≥ 1,000 req/s",
            `${oidcMedian("refresh", "rps").toFixed(0)} req/s`,
            oidcMedian("refresh", "rps") >= 1000,
          ),
          target(
            "userinfo",
            "≥ 50% of /api/users/me",
            pct(oidcMedian("userinfo", "rps") / meRps),
            oidcMedian("userinfo", "rps") / meRps >= 0.5,
          ),
          target(
            "introspection",
            "≥ 50% of /api/users/me",
            pct(oidcMedian("introspection", "rps") / meRps),
            oidcMedian("introspection", "rps") / meRps >= 0.5,
          ),
        ]
      : [];
    const targetRows = [
      ...oidcTargets,
      target(
        "/api/users/me requests per CPU-second",
        "≥ 0.85 of the floor's",
        cpuRatio("/api/users/me").toFixed(2),
        cpuRatio("/api/users/me") >= 0.85,
      ),
      target(
        `/api/users/me p99 at ${CONNECTIONS} connections`,
        "≤ 1.2x the floor's",
        `${(p99Ratios["/api/users/me"] ?? Number.NaN).toFixed(2)}x`,
        (p99Ratios["/api/users/me"] ?? Number.POSITIVE_INFINITY) <= 1.2,
      ),
      target(
        "/api/auth/verify requests per CPU-second",
        "≥ 0.85 of the floor's",
        cpuRatio("/api/auth/verify").toFixed(2),
        cpuRatio("/api/auth/verify") >= 0.85,
      ),
      target(
        "/api/auth/verify throughput (issue 13)",
        "≥ 85% of the floor",
        pct(ratio("/api/auth/verify")),
        ratio("/api/auth/verify") >= 0.85,
      ),
      target(
        `/api/auth/verify p99 at ${CONNECTIONS} connections`,
        "≤ 1.2x the floor's",
        `${(p99Ratios["/api/auth/verify"] ?? Number.NaN).toFixed(2)}x`,
        (p99Ratios["/api/auth/verify"] ?? Number.POSITIVE_INFINITY) <= 1.2,
      ),
      target(
        "/api/auth/verify with 200 access rules",
        "≥ 90% of the same server without",
        pct(ratio("/api/auth/verify rules-200") / ratio("/api/auth/verify rules-0")),
        ratio("/api/auth/verify rules-200") / ratio("/api/auth/verify rules-0") >= 0.9,
      ),
      target("errors (every scenario)", "0", String(scenarioErrors), scenarioErrors === 0),
      target(
        "/api/users/update throughput",
        "≥ 85% of the floor",
        pct(ratio("/api/users/update")),
        ratio("/api/users/update") >= 0.85,
      ),
      target("GET / throughput", "≥ 85% of the floor", pct(ratio("/")), ratio("/") >= 0.85),
      target(
        "main bundle throughput",
        "≥ 85% of the floor",
        pct(ratio(`/assets/${jsName}`)),
        ratio(`/assets/${jsName}`) >= 0.85,
      ),
      target("login vs bare Bun.password.verify", "≥ 90%", pct(loginRps / verifyRate), loginRps / verifyRate >= 0.9),
      target(
        "peak RSS of a server under the /me load alone (binary / source)",
        "≤ 100 MB",
        `${binaryRss.peak.toFixed(0)} / ${sourceRss.peak.toFixed(0)} MB`,
        serverRss <= 100,
      ),
      target(
        "idle RSS after sign-in (binary / source)",
        "≤ 79 MB",
        `${binaryRss.idle.toFixed(0)} / ${sourceRss.idle.toFixed(0)} MB`,
        Math.max(binaryRss.idle, sourceRss.idle) <= 79,
      ),
      target(
        "embedded first start (empty DATA_DIR) to healthy",
        "≤ 500 ms",
        `${coldStart.toFixed(0)} ms`,
        coldStart <= 500,
      ),
      target("embedded later start to healthy", "≤ 250 ms", `${warmStart.toFixed(0)} ms`, warmStart <= 250),
    ];
    const startRow = (name: string, runs: number[]) =>
      `| ${name} | ${median(runs).toFixed(0)} ms | ${Math.min(...runs).toFixed(0)} ms | ${Math.max(...runs).toFixed(0)} ms |`;

    const commit =
      sh(`git -C ${root} rev-parse --short HEAD`) +
      (sh(`git -C ${root} status --porcelain -- src web bench scripts ':!bench/RESULTS.md'`)
        ? " (+ uncommitted changes)"
        : "");
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const report = `# Benchmark results

Written by \`bun run bench\` (bench/run.ts). Medians of ${ROUNDS} interleaved rounds of ${DURATION} s per
scenario and target (the order rotates each round); wrk with 2 threads and ${CONNECTIONS} connections on
loopback, on the same machine as the servers.

- machine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${sh("uname -sr")}
- Bun ${Bun.version}, ${sh("wrk --version 2>&1 | head -n 1").split(" Copyright")[0]}, ${sh("psql --version")}, Redis ${sh("redis-server --version").match(/v=([\d.]+)/)?.[1] ?? "?"}
- date: ${new Date().toISOString()}
- commit: ${commit}
- server: dist/datta-dashboard, NODE_ENV=production, real Postgres and Redis, request log on (to stdout)
- floor: bench/baseline.ts on Bun's own drivers (\`Bun.sql\`, \`RedisClient\`), a bare Bun.serve doing the
  same I/O per request as the server: a synchronous HMAC verify, the blocklist check (one EXISTS over
  the jti and the sid) and the SELECT by subject in parallel (for the update: then the same UPDATE +
  event statement by id; for forward auth: then one Ed25519 signature over the assertion, answered in
  headers); static files as in-memory responses
- rules-0 / rules-200: two more servers that serve forward auth only, the same but for ACCESS_RULES naming
  200 rules (bench/rules.ts) in the second
- npm: the same bare server on postgres.js + node-redis, so its column shows the cost of those drivers${
      DRIVERS
        ? `
- pg-only / redis-only: the same bare server swapping one driver: Bun.sql + node-redis, postgres.js + RedisClient;
  pipelined: the floor with RedisClient's default auto-pipelining on`
        : ""
    }
- login's ceiling: ${navigator.hardwareConcurrency} loops of bare Bun.password.verify at the server's argon2id parameters

## The headline: what one request costs the server, against the floor

Requests per CPU-second of the server process (user + system time of all its threads, read from
/proc before and after each run), so wrk, Postgres, Redis and the neighbours on this shared machine
weigh less than in req/s. The floor's CPU is its own process's in the same round.

| scenario | server req per CPU-s per round | server median | floor median | of the floor | p99 of the floor's |
|---|---|---|---|---|---|
${headline.join("\n")}

## Throughput and latency

| scenario | target | req/s per round | median req/s | req per CPU-s | p50 ms | p99 ms | non-2xx + errors | peak RSS MB | req/s of the floor | per CPU-s of the floor |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}
${loginRow}

## The OpenID provider (the server only; ${CONNECTIONS} connections under wrk, the code exchange ${CODE_LOOPS} loops over ${CODES} fresh codes a round)

| scenario | req/s per round | median req/s | req per CPU-s | per CPU-s of /api/users/me | p50 ms | p99 ms | non-2xx + errors | req/s of /api/users/me |
|---|---|---|---|---|---|---|---|---|
${oidcRows.join("\n")}

Peak RSS: the highest resident set of the process during that scenario's runs (VmHWM, reset
before each run), in processes that serve every scenario one after another. A new server that
served only /me (${ROUNDS} runs, after its one sign-up and sign-in) peaked at ${serverRss.toFixed(0)} MB.

## Start-up: spawning the binary to its first 200 from /api/health (${STARTUP_RUNS} runs)

| backends | median | min | max |
|---|---|---|---|
${startRow("Postgres + Redis (migrated database)", realStartup)}
${startRow("embedded, first start (new empty DATA_DIR)", embeddedCold)}
${startRow("embedded, later start (same DATA_DIR)", embeddedWarm)}
${startRow("floor: a bare script compiling PGlite and opening that DATA_DIR, spawn to exit", pgliteFloor)}

## Targets

| target | wanted | measured | |
|---|---|---|---|
${targetRows.join("\n")}
`;
    // The hand-written reading of these figures (what bounds a target, what was changed) follows.
    const analysis = await Bun.file(join(import.meta.dir, "analysis.md"))
      .text()
      .catch(() => "");
    const resultsFile = join(import.meta.dir, "RESULTS.md");
    await writeFile(resultsFile, analysis ? `${report}\n${analysis}` : report);
    // Tables aligned as the linter wants them, so the file is committed as written.
    Bun.spawnSync([join(root, "node_modules", ".bin", "biome"), "format", "--write", resultsFile], {
      stdout: "ignore",
    });
    log(`\n${report}`);
  } finally {
    for (const proc of processes) proc.kill("SIGTERM");
    await Promise.all(processes.map((p) => p.exited));
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.close();
  }
}

await main();

// The admin console at a million users, with the same rounds and duration (bench/ADMIN.md).
if (ADMIN_SCALE && ONLY === undefined) {
  const scale = Bun.spawn(
    [process.execPath, join(import.meta.dir, "admin-scale.ts"), "--rounds", `${ROUNDS}`, "--duration", `${DURATION}`],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  process.exitCode = await scale.exited;
}
