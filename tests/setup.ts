/**
 * Before every `bun test` (bunfig.toml's preload): whatever the run writes to the temporary
 * directory (the servers' data directories, built dashboards, browser profiles, certificates) goes
 * into one folder of its own, removed when the run ends, so that runs do not pile up there.
 */
import { afterAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const run = mkdtempSync(join(tmpdir(), "datta-test-run-"));
process.env.TMPDIR = run;
// A preload's afterAll runs once, after every file (their own afterAll have stopped their servers).
// On the embedded defaults the folder holds every file's database and browser profile: removing it
// took over the default 5 s of a hook on this machine (a fresh clone's `bun test` failed on it).
afterAll(() => rmSync(run, { recursive: true, force: true }), 120_000);
