import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Migration, migrate } from "./migrate.ts";
import { openPglite, pgliteBuildId } from "./pglite.ts";

/**
 * The embedded database's seed: a data directory on which initdb has run and every migration is
 * applied, as a gzipped tarball that PGlite loads into an empty DATA_DIR. A first start then loads
 * files instead of running initdb (bench/RESULTS.md has the figures). The single binary carries one
 * made at build time; from source it is made in memory once and kept in node_modules/.cache.
 *
 * A seed holds only the schema: nothing per installation (keys, secrets) may be created by a
 * migration, since every installation started from the same seed would share it.
 */
export async function makeSeed(migrations: Migration[]): Promise<Uint8Array<ArrayBuffer>> {
  const db = await openPglite();
  try {
    await migrate(db.sql, migrations);
    // Everything on disk and in the control file, so a start from the seed has no WAL to replay.
    await db.sql.exec("checkpoint");
    return await db.dump();
  } finally {
    await db.close();
  }
}

/** What a seed depends on: the PGlite build and the migrations' exact text. */
export function seedKey(migrations: Migration[]): string {
  const hasher = new Bun.CryptoHasher("sha256").update(pgliteBuildId());
  for (const m of migrations) hasher.update(`\0${m.version}\0${m.name}\0${m.script}`);
  return hasher.digest("hex").slice(0, 16);
}

/** Where source runs keep their seeds. */
export const SEED_CACHE_DIR = join(import.meta.dir, "..", "..", "..", "node_modules", ".cache", "datta-dashboard");

/**
 * The seed for these migrations from `cacheDir`, made and kept there when missing. A cache that
 * cannot be written (a read-only install) only costs the next first start the same work again.
 */
export async function cachedSeed(
  migrations: Migration[],
  cacheDir: string = SEED_CACHE_DIR,
): Promise<Uint8Array<ArrayBuffer>> {
  const file = join(cacheDir, `pgdata-${seedKey(migrations)}.tar.gz`);
  const cached = Bun.file(file);
  if (await cached.exists()) return cached.bytes();
  const seed = await makeSeed(migrations);
  try {
    await mkdir(cacheDir, { recursive: true });
    // Written aside and renamed: a crash or a parallel start never leaves half a seed under the name.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, seed);
    await rename(partial, file);
  } catch {
    // Not cached; still used.
  }
  return seed;
}
