/** Polls `check` every 100 ms until it holds; returns how long that took, or throws after `withinMs`. */
export async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await Bun.sleep(100);
  }
  throw new Error(`not within ${withinMs} ms`);
}
