import { existsSync } from "node:fs";
import { readdir, rename, rm, rmdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
// Passed to PGlite explicitly rather than found next to its module: `type: "file"` embeds them
// in the single binary, where there is no node_modules to find them in.
import initdbWasm from "@electric-sql/pglite/initdb.wasm" with { type: "file" };
import fsBundle from "@electric-sql/pglite/pglite.data" with { type: "file" };
import pgliteWasm from "@electric-sql/pglite/pglite.wasm" with { type: "file" };
import { createSql, type Database, type Driver, type Row } from "./sql.ts";

type Runner = PGlite | Transaction;

function driverOn(runner: Runner, db: PGlite | null): Driver {
  return {
    query: async (text, params) => (await runner.query<Row>(text, params)).rows,
    exec: async (script) => void (await runner.exec(script)),
    begin: db ? (fn) => db.transaction((tx) => fn(driverOn(tx, null))) : undefined,
  };
}

export interface EmbeddedDatabase extends Database {
  readonly kind: "pglite";
  /** The whole data directory as a gzipped tarball (a seed: see seed.ts). */
  dump(): Promise<Uint8Array<ArrayBuffer>>;
}

export interface PgliteOptions {
  /**
   * A gzipped tarball of a data directory (seed.ts), loaded when the data directory is empty
   * instead of running initdb. A data directory that holds a database is opened as it is.
   */
  seed?: Uint8Array<ArrayBuffer>;
}

/**
 * Unpacks a seed as the data directory `dir`, natively (about 4x faster than through PGlite's
 * file system layer) and all at once: into a directory beside it, renamed into place when
 * complete, so a crash half way leaves no half database behind. An empty `dir` is replaced; one
 * that holds anything is left to PGlite as it is.
 */
async function extractSeed(seed: Uint8Array<ArrayBuffer>, dir: string): Promise<void> {
  const existing = await readdir(dir).catch(() => null);
  if (existing && existing.length > 0) return;
  // One process owns a data directory: what an earlier, crashed attempt left beside it goes.
  const parent = dirname(dir);
  const prefix = `${basename(dir)}.partial-`;
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (name.startsWith(prefix)) await rm(join(parent, name), { recursive: true, force: true });
  }
  const partial = join(parent, `${prefix}${process.pid}`);
  // The lock file of the process that made the seed is not part of the database.
  await new Bun.Archive(seed).extract(partial, { glob: ["**", "!postmaster.pid"] });
  if (existing) await rmdir(dir);
  await rename(partial, dir);
}

/** The sizes of PGlite's build: a new version changes them, and with them a seed's key. */
export const pgliteBuildId = (): string => `${Bun.file(pgliteWasm).size}-${Bun.file(fsBundle).size}`;

/**
 * The embedded database: real Postgres compiled to WebAssembly, in this process (so it cannot go
 * silent apart from the process, and its calls need no deadline). `dataDir`
 * persists it on disk; without one it lives in memory (tests). Single process only.
 */
export async function openPglite(dataDir?: string, options: PgliteOptions = {}): Promise<EmbeddedDatabase> {
  const empty = dataDir === undefined || !existsSync(join(dataDir, "PG_VERSION"));
  const seed = empty ? options.seed : undefined;
  const [pgliteWasmModule, initdbWasmModule] = await Promise.all([
    WebAssembly.compile(await Bun.file(pgliteWasm).arrayBuffer()),
    WebAssembly.compile(await Bun.file(initdbWasm).arrayBuffer()),
    seed && dataDir !== undefined ? extractSeed(seed, dataDir) : undefined,
  ]);
  const pg = new PGlite({
    dataDir,
    pgliteWasmModule,
    initdbWasmModule,
    fsBundle: Bun.file(fsBundle),
    // In memory, PGlite loads the seed itself; on disk it was unpacked above.
    loadDataDir: seed && dataDir === undefined ? new Blob([Bun.gunzipSync(seed)]) : undefined,
  });
  await pg.waitReady;
  const sql = createSql(driverOn(pg, pg));
  return {
    kind: "pglite",
    sql,
    async ping() {
      await sql`select 1`;
    },
    async dump() {
      const tar = await pg.dumpDataDir("none");
      return Bun.gzipSync(new Uint8Array(await tar.arrayBuffer()), { level: 6 });
    },
    async close() {
      await pg.close();
    },
  };
}
