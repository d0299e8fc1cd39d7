/**
 * What a newcomer's first `bun test` needs from every test file: a timeout sized for a slow machine
 * where a file starts an embedded database or a process (Bun applies setDefaultTimeout per file, so
 * each says it), and one line, not silence, where a suite needs what the machine lacks.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");
const files = readdirSync(join(root, "tests"), { recursive: true })
  .map(String)
  // This file names what it looks for; it starts nothing.
  .filter((name) => name.endsWith(".test.ts") && name !== join("repo", "test-files.test.ts"))
  .map((name) => ({ name, text: readFileSync(join(root, "tests", name), "utf8") }));

test("every file that starts an embedded database or a process sets a slow machine's timeout", () => {
  const starts = /helpers\/backends|helpers\/process|helpers\/app|pglite|Bun\.spawn|startServer|ensureBinary/;
  const missing = files
    .filter(({ text }) => starts.test(text) && !/setDefaultTimeout\((SLOW_MACHINE_MS|\d[\d_]*)\)/.test(text))
    .map(({ name }) => name);
  expect(missing).toEqual([]);
});

test("a suite that needs Chromium, Docker, nginx, the real services or kubectl says when it is left out", () => {
  const needs = /^(\s*)if \((hasChromium|hasDocker|hasNginx|hasRealBackends|realUrls\.|kubectl)/m;
  const silent = files.filter(({ text }) => needs.test(text) && !text.includes("leftOut(")).map(({ name }) => name);
  expect(silent).toEqual([]);
});
