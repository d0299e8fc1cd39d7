/**
 * What `bun install` does on a newcomer's machine: no dependency runs a script of its own. Bun runs
 * the install scripts of a default list of popular packages unless package.json names the trusted
 * ones; the list here is empty, so swagger-ui-dist's @scarf/scarf (install-time telemetry) never
 * phones home, and nothing else runs either.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");

test("no dependency runs an install script: trustedDependencies is empty, in package.json and the lockfile", async () => {
  const pkg = await Bun.file(join(root, "package.json")).json();
  expect(pkg.trustedDependencies).toEqual([]);
  const lock = Bun.JSONC.parse(await Bun.file(join(root, "bun.lock")).text()) as {
    trustedDependencies?: string[];
    packages: Record<string, [string, string, { hasInstallScript?: boolean }]>;
  };
  expect(lock.trustedDependencies).toEqual([]);
  // The packages that would run one, were they trusted: each is known here (and none is trusted).
  const withScripts = Object.entries(lock.packages)
    .filter(([, entry]) => entry[2]?.hasInstallScript)
    .map(([name]) => name);
  expect(withScripts).toEqual(["@scarf/scarf"]);
});
