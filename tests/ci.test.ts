/** CI must exercise both backends: a CI run without Postgres and Redis URLs is a failure, not a pass. */
import { expect, test } from "bun:test";
import { BACKENDS, hasRealBackends } from "./helpers/backends.ts";

test("under CI, the API suites run on the real backends too", () => {
  const ci = process.env.CI === "true" || process.env.CI === "1";
  expect(BACKENDS.map((b) => b.name)).toContain("embedded");
  if (ci) {
    expect(hasRealBackends).toBe(true);
    expect(BACKENDS.map((b) => b.name)).toContain("postgres+redis");
  }
});
