/**
 * The container tests' access to a real Docker engine. They run where `.ci/containers/run` has
 * started one and built the image: it sets DATTA_DOCKER (the docker CLI to use) and DATTA_COMPOSE
 * (the compose command), then runs `bun test tests/containers`. Without them these files define no
 * test (the README's `bun test` on a machine without Docker); CI always runs them.
 */
import { join } from "node:path";
import { CookieJar } from "./cookie-jar.ts";
import { call } from "./process.ts";

export const DOCKER = process.env.DATTA_DOCKER ?? "";
export const COMPOSE = (process.env.DATTA_COMPOSE ?? "").split(" ").filter(Boolean);
export const hasDocker = DOCKER !== "";
export const IMAGE = process.env.DATTA_IMAGE ?? "datta-dashboard:latest";
export const ROOT = join(import.meta.dir, "..", "..");

/** Runs a command, bounded in time; its output, or a thrown error with what it printed. */
export function run(cmd: string[], options: { env?: Record<string, string>; timeoutMs?: number; cwd?: string } = {}) {
  const result = Bun.spawnSync(cmd, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdout: "pipe",
    stderr: "pipe",
    timeout: options.timeoutMs ?? 120_000,
  });
  const out = result.stdout.toString();
  if (result.exitCode !== 0) {
    throw new Error(`${cmd.join(" ")} exited ${result.exitCode}:\n${out}\n${result.stderr.toString()}`);
  }
  return out.trim();
}

export const docker = (...args: string[]) => run([DOCKER, ...args]);

/** A container's address on a network (its first one when none is named). */
export function addressOf(container: string, network?: string): string {
  const networks = JSON.parse(docker("inspect", "--format", "{{json .NetworkSettings.Networks}}", container)) as Record<
    string,
    { IPAddress: string }
  >;
  const entry = network ? networks[network] : Object.values(networks)[0];
  if (!entry?.IPAddress) throw new Error(`${container} has no address${network ? ` on ${network}` : ""}`);
  return entry.IPAddress;
}

/** The host's process id of a container's main process (to crash it from outside Docker). */
export const hostPidOf = (container: string): number =>
  Number(docker("inspect", "--format", "{{.State.Pid}}", container));

/** A random secret of `bytes` bytes, base64. */
export const secret = (bytes = 48): string =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64");

/** Polls `check` every 100 ms until it holds; how long that took, or throws after `withinMs`. */
export async function until(check: () => Promise<boolean> | boolean, withinMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await Promise.resolve(check()).catch(() => false)) return Date.now() - started;
    await Bun.sleep(100);
  }
  throw new Error(`not within ${withinMs} ms: ${what}`);
}

export const answers = (url: string, path = "/api/ready") =>
  fetch(`${url}${path}`, { signal: AbortSignal.timeout(2000) })
    .then((r) => r.ok)
    .catch(() => false);

/** A new account signed in at `url` (cookies in the jar). */
export async function signedIn(url: string, password: string): Promise<{ jar: CookieJar; email: string }> {
  const email = `c${crypto.randomUUID().slice(0, 8)}@example.com`;
  const signup = await call({ url }, "/api/users/signup", {
    method: "POST",
    body: { username: `c_${email.slice(1, 9)}`, email, password },
  });
  if (signup.status !== 201) throw new Error(`sign-up: ${signup.status} ${JSON.stringify(signup.body)}`);
  const jar = new CookieJar();
  const login = await call({ url }, "/api/users/login", { method: "POST", body: { email, password }, jar });
  if (login.status !== 200) throw new Error(`sign-in: ${login.status}`);
  return { jar, email };
}

/**
 * GETs `path` from `workers` loops at once until `stop` resolves; answers how many were made and
 * which failed (any status but 200, or no answer).
 */
export async function load(url: string, path: string, jar: CookieJar, workers: number, stop: Promise<unknown>) {
  let done = false;
  void stop.then(() => {
    done = true;
  });
  const failures: string[] = [];
  let made = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!done) {
        made++;
        const status = await fetch(`${url}${path}`, {
          headers: { cookie: jar.header() },
          signal: AbortSignal.timeout(15_000),
        })
          .then(async (r) => {
            await r.arrayBuffer();
            return r.status;
          })
          .catch((error: unknown) => String(error));
        if (status !== 200) failures.push(String(status));
      }
    }),
  );
  return { made, failures };
}
