/** Polls `check` every 100 ms until it holds; returns how long that took, or throws after `withinMs`. */
export async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await Bun.sleep(100);
  }
  throw new Error(`not within ${withinMs} ms`);
}

/** A loopback port nobody listens on now (for a server whose PUBLIC_URL must name its port). */
export async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port as number;
  await probe.stop(true);
  return port;
}

/**
 * The default timeout of every test file that starts an embedded database or a process: sized for a
 * slow machine (a first PGlite start under load takes several seconds), not for this one. Each such
 * file calls `setDefaultTimeout(SLOW_MACHINE_MS)`, since Bun applies it per file
 * (tests/repo/test-timeouts.test.ts holds every file to it).
 */
export const SLOW_MACHINE_MS = 30_000;
