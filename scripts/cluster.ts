/**
 * `bun run cluster`: compose.yaml's topology without Docker. N replicas of the built binary on
 * loopback ports, behind the host's nginx running docker/nginx.conf with only the upstream
 * addresses and the listen address substituted, against the host's Postgres and Redis.
 *
 *   bun run cluster                      3 replicas, nginx on http://127.0.0.1:3000
 *   bun run cluster -- --replicas 5 --port 8080
 *
 * DATABASE_URL and REDIS_URL default to the host's services (127.0.0.1); JWT_SECRET_KEY to a
 * random key shared by the replicas of this run; DATA_ENCRYPTION_KEY to one made once and kept in
 * node_modules/.cache (the signing keys it seals outlive the run); ACCESS_RULES to the sample rule
 * set, docker/access/rules.yaml (/whoami/public/ open, /whoami/admin/ for the group admins,
 * /whoami/vault/ with two factors). Ctrl-C stops everything.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Subprocess } from "bun";

const root = join(import.meta.dir, "..");
export const BINARY = join(root, "dist", "datta-dashboard");
export const NGINX_CONF = join(root, "docker", "nginx.conf");
export const WHOAMI = join(root, "docker", "whoami", "server.ts");
/** The sample service's access rules (compose.yaml mounts their folder too). */
export const ACCESS_RULES = join(root, "docker", "access", "rules.yaml");

export interface ClusterOptions {
  replicas?: number;
  /** nginx's port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  databaseUrl: string;
  redisUrl: string;
  jwtSecret?: string;
  /** DATA_ENCRYPTION_KEY of every replica; random by default (then the keys it seals die with the run's database). */
  dataEncryptionKey?: string;
  /** Extra environment for every replica. */
  env?: Record<string, string>;
}

export interface Replica {
  index: number;
  port: number;
  url: string;
  proc: Subprocess<"ignore", "pipe", "pipe">;
  lines: string[];
}

export interface Cluster {
  url: string;
  replicas: Replica[];
  nginx: Subprocess;
  /** The sample service (docker/whoami), reached directly here; through nginx at /whoami/. */
  whoami: { url: string; proc: Subprocess<"ignore", "pipe", "pipe">; lines: string[] };
  /** Before every Redis key of this cluster (REDIS_KEY_PREFIX of its replicas). */
  redisKeyPrefix: string;
  /** SIGKILL one replica (nginx keeps routing around it). */
  kill(index: number): void;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = server.port as number;
  await server.stop(true);
  return port;
}

/**
 * docker/nginx.conf for the host: the replicas' name (`api:3000`, found through Docker's DNS) and the
 * sample service's replaced by upstream blocks of loopback addresses (a name that matches an
 * upstream block is used as that block, never looked up), and the listen address replaced.
 */
export function substituteNginx(conf: string, upstreams: string[], listen: string, whoami: string): string {
  const name = (target: string, upstream: string, servers: string[]) => {
    const line = new RegExp(`^(\\s*)default\\s+${target};$`, "m");
    if (!line.test(conf)) throw new Error(`docker/nginx.conf: no \`default ${target};\` map`);
    const block = [
      `    upstream ${upstream} {`,
      ...servers.map((s) => `        server ${s};`),
      "        keepalive 16;",
      "    }",
    ];
    return { line, upstream, block: block.join("\n") };
  };
  const replicas = name(
    "api:3000",
    "datta_replicas",
    upstreams.map((address) => `${address} max_fails=1 fail_timeout=5s`),
  );
  const sample = name("whoami:4000", "datta_whoami_service", [whoami]);
  let out = conf;
  for (const { line, upstream, block } of [replicas, sample]) {
    out = out.replace(line, `$1default ${upstream};`);
    out = out.replace(/^(\s*)resolver\s/m, `${block}\n\n$1resolver `);
  }
  const listens = out.match(/^\s*listen\s+80;$/gm) ?? [];
  if (listens.length !== 1) throw new Error("docker/nginx.conf: expected one `listen 80;`");
  return out.replace(/^(\s*)listen\s+80;$/m, `$1listen ${listen};`);
}

function collect(proc: Subprocess<"ignore", "pipe", "pipe">, lines: string[]): void {
  for (const stream of [proc.stdout, proc.stderr]) {
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of stream) lines.push(...decoder.decode(chunk).split("\n").filter(Boolean));
    })().catch(() => {});
  }
}

async function waitHealthy(
  url: string,
  proc: Subprocess,
  lines: string[],
  timeoutMs: number,
  path = "/api/health",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`replica exited (${proc.exitCode}):\n${lines.join("\n")}`);
    const ok = await fetch(`${url}${path}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await Bun.sleep(50);
  }
  throw new Error(`replica at ${url} not healthy within ${timeoutMs} ms:\n${lines.join("\n")}`);
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!existsSync(BINARY)) throw new Error("dist/datta-dashboard is missing: run `bun run build`");
  const count = options.replicas ?? 3;
  const random = () => Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
  const jwtSecret = options.jwtSecret ?? random();
  const dataKey = options.dataEncryptionKey ?? random();
  // nginx's address is the origin users reach, so the replicas need it before they start.
  const port = options.port || (await freePort());
  const publicUrl = `http://127.0.0.1:${port}`;
  const work = await mkdtemp(join(tmpdir(), "datta-cluster-"));
  // The replicas of one cluster share their Redis keys, and no other cluster's: a test run's
  // sign-up count from 127.0.0.1 does not follow it into the next run.
  const redisKeyPrefix = `cluster-${basename(work)}:`;

  // All replicas start at the same moment (migrations must still run exactly once).
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const replicas: Replica[] = ports.map((port, index) => {
    const lines: string[] = [];
    const proc = Bun.spawn([BINARY], {
      cwd: work,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: work,
        NODE_ENV: "production",
        // Loopback only: with TRUST_PROXY a replica believes X-Forwarded-For, so nobody but
        // nginx may reach it (a client that could would choose its own address).
        HOST: "127.0.0.1",
        PORT: String(port),
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl,
        REDIS_KEY_PREFIX: redisKeyPrefix,
        JWT_SECRET_KEY: jwtSecret,
        // Every replica opens the same sealed signing keys, and names nginx as the issuer.
        DATA_ENCRYPTION_KEY: dataKey,
        PUBLIC_URL: publicUrl,
        TRUST_PROXY: "true",
        // Plain HTTP on loopback: cookies without Secure, or curl would not send them back.
        COOKIE_SECURE: "false",
        DATA_DIR: join(work, `replica-${index + 1}`),
        ACCESS_RULES,
        ...options.env,
      },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    collect(proc, lines);
    return { index, port, url: `http://127.0.0.1:${port}`, proc, lines };
  });
  try {
    await Promise.all(replicas.map((r) => waitHealthy(r.url, r.proc, r.lines, 30_000)));
  } catch (error) {
    for (const r of replicas) r.proc.kill("SIGKILL");
    throw error;
  }

  // The sample service behind forward auth, verifying assertions against the JWKS through nginx.
  const whoamiPort = await freePort();
  const whoamiLines: string[] = [];
  const whoamiProc = Bun.spawn([process.execPath, WHOAMI], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOST: "127.0.0.1",
      PORT: String(whoamiPort),
      JWKS_URL: `${publicUrl}/.well-known/jwks.json`,
      ISSUER: publicUrl,
      AUDIENCE: options.env?.FORWARD_AUTH_AUDIENCE ?? "datta-services",
    },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  collect(whoamiProc, whoamiLines);
  const whoami = { url: `http://127.0.0.1:${whoamiPort}`, proc: whoamiProc, lines: whoamiLines };
  const stopEarly = () => {
    whoamiProc.kill("SIGKILL");
    for (const r of replicas) r.proc.kill("SIGKILL");
  };
  try {
    await waitHealthy(whoami.url, whoamiProc, whoamiLines, 10_000, "/whoami/health");
  } catch (error) {
    stopEarly();
    throw error;
  }

  const conf = substituteNginx(
    await readFile(NGINX_CONF, "utf8"),
    replicas.map((r) => `127.0.0.1:${r.port}`),
    `127.0.0.1:${port}`,
    `127.0.0.1:${whoamiPort}`,
  );
  const confPath = join(work, "nginx.conf");
  await writeFile(confPath, conf);
  const globals = `pid ${join(work, "nginx.pid")}; error_log ${join(work, "nginx-error.log")} warn;`;
  const check = Bun.spawnSync(["nginx", "-t", "-q", "-c", confPath, "-g", globals], { stderr: "pipe" });
  if (check.exitCode !== 0) throw new Error(`nginx -t failed:\n${check.stderr.toString()}`);
  const nginx = Bun.spawn(["nginx", "-c", confPath, "-g", `daemon off; ${globals}`], {
    stdout: "inherit",
    stderr: "inherit",
  });
  const url = publicUrl;
  const deadline = Date.now() + 10_000;
  while (
    !(await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || nginx.exitCode !== null) throw new Error("nginx did not come up");
    await Bun.sleep(50);
  }

  return {
    url,
    replicas,
    nginx,
    whoami,
    redisKeyPrefix,
    kill(index) {
      replicas[index]?.proc.kill("SIGKILL");
    },
    async stop() {
      nginx.kill("SIGQUIT");
      whoamiProc.kill("SIGTERM");
      for (const r of replicas) r.proc.kill("SIGTERM");
      await Promise.all([nginx.exited, whoamiProc.exited, ...replicas.map((r) => r.proc.exited)]);
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** A DATA_ENCRYPTION_KEY made once for `bun run cluster` and kept beside the build cache (0600). */
async function keptDataKey(): Promise<string> {
  const file = join(root, "node_modules", ".cache", "datta-dashboard", "cluster-data-encryption-key");
  const kept = await readFile(file, "utf8").catch(() => "");
  if (kept.trim().length >= 43) return kept.trim();
  const key = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}

if (import.meta.main) {
  if (!Bun.which("nginx")) {
    console.log("nginx is missing: installing it with apt-get");
    Bun.spawnSync(["sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx"], {
      stdout: "inherit",
      stderr: "inherit",
    });
  }
  if (!existsSync(BINARY) || process.argv.includes("--build")) {
    Bun.spawnSync([process.execPath, join(root, "scripts", "build.ts")], { stdout: "inherit", stderr: "inherit" });
  }
  const cluster = await startCluster({
    replicas: argument("replicas", 3),
    port: argument("port", 3000),
    databaseUrl: process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
    redisUrl: process.env.REDIS_URL || "redis://127.0.0.1:6379",
    jwtSecret: process.env.JWT_SECRET_KEY,
    // The signing keys stay in the database between runs: the key that seals them must stay too.
    dataEncryptionKey: process.env.DATA_ENCRYPTION_KEY || (await keptDataKey()),
  });
  console.log(`nginx ${cluster.url} -> ${cluster.replicas.map((r) => r.url).join(", ")}  (Ctrl-C stops)`);
  console.log(`the sample service behind forward auth: ${cluster.url}/whoami/`);
  const stop = () => void cluster.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
