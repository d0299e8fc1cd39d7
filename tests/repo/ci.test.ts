/** CI must exercise both backends: a CI run without Postgres and Redis URLs is a failure, not a pass. */
import { expect, setDefaultTimeout, test } from "bun:test";
import { BACKENDS, hasRealBackends } from "../helpers/backends.ts";
import { hasChromium } from "../helpers/chromium.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

test("under CI, the API suites run on the real backends too", () => {
  const ci = process.env.CI === "true" || process.env.CI === "1";
  expect(BACKENDS.map((b) => b.name)).toContain("embedded");
  if (ci) {
    expect(hasRealBackends).toBe(true);
    expect(BACKENDS.map((b) => b.name)).toContain("postgres+redis");
  }
});

test("under CI, the browser tests run (Debian's chromium is installed)", () => {
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if (ci) expect(hasChromium).toBe(true);
  else if (!hasChromium) console.warn("chromium not found: the browser tests were not run (apt-get install chromium)");
});

test("under CI, the cluster tests run (nginx installed, Postgres and Redis set)", () => {
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if (ci) {
    expect(Bun.which("nginx")).not.toBeNull();
    expect(hasRealBackends).toBe(true);
  }
});

test("under CI, the Kubernetes manifests are rendered (kubectl installed)", () => {
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if (ci) expect(Bun.which("kubectl")).not.toBeNull();
});
