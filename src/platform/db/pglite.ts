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

/**
 * The embedded database: real Postgres compiled to WebAssembly, in this process (so it cannot go
 * silent apart from the process, and its calls need no deadline). `dataDir`
 * persists it on disk; without one it lives in memory (tests). Single process only.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const [pgliteWasmModule, initdbWasmModule] = await Promise.all([
    WebAssembly.compile(await Bun.file(pgliteWasm).arrayBuffer()),
    WebAssembly.compile(await Bun.file(initdbWasm).arrayBuffer()),
  ]);
  const pg = new PGlite({ dataDir, pgliteWasmModule, initdbWasmModule, fsBundle: Bun.file(fsBundle) });
  await pg.waitReady;
  const sql = createSql(driverOn(pg, pg));
  return {
    kind: "pglite",
    sql,
    async ping() {
      await sql`select 1`;
    },
    async close() {
      await pg.close();
    },
  };
}
