/**
 * The embedded start's floor: a bare script that compiles PGlite and opens the data directory
 * given as DATA_DIR (which must hold a database), as the server does, then exits. bench/run.ts times
 * it from spawn to exit, beside the binary's start to its first healthy answer.
 */
import { openPglite } from "../src/platform/db/pglite.ts";

const dir = process.env.PGDATA_DIR;
if (!dir) throw new Error("PGDATA_DIR is required");
const db = await openPglite(dir);
await db.ping();
await db.close();
