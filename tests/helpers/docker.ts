/**
 * The container tests' access to a real Docker engine. They run where `.ci/containers/run` has
 * started one and built the image: it sets DATTA_DOCKER (the docker CLI to use) and DATTA_COMPOSE
 * (the compose command), then runs `bun test tests/containers`. Without them these files define no
 * test (the README's `bun test` on a machine without Docker); CI always runs them.
 */
import { join } from "node:path";
import type { CookieJar } from "./cookie-jar.ts";
import { eventually } from "./wait.ts";

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

/** `eventually`, with a check that may throw (counted as not yet) and a failure that says what. */
export async function until(check: () => Promise<boolean> | boolean, withinMs: number, what: string): Promise<number> {
  return eventually(
    () =>
      Promise.resolve()
        .then(check)
        .catch(() => false),
    withinMs,
  ).catch(() => {
    throw new Error(`not within ${withinMs} ms: ${what}`);
  });
}

export const answers = (url: string, path = "/api/ready") =>
  fetch(`${url}${path}`, { signal: AbortSignal.timeout(2000) })
    .then((r) => r.ok)
    .catch(() => false);

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
