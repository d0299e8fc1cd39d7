/**
 * The embedded database's seed: a first start loads a prepared data directory instead of running
 * initdb and the migrations, and ends up with the same database; a data directory that holds one
 * is never touched by a seed; half an unpacking left by a crash is not mistaken for a database.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMigrations, migrate } from "../../src/platform/db/migrate.ts";
import { openPglite } from "../../src/platform/db/pglite.ts";
import { cachedSeed, makeSeed, seedKey } from "../../src/platform/db/seed.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const work = await mkdtemp(join(tmpdir(), "datta-seed-"));
afterAll(() => rm(work, { recursive: true, force: true }));

const migrations = await loadMigrations();
const seed = await makeSeed(migrations);

const versions = async (db: Awaited<ReturnType<typeof openPglite>>) =>
  (await db.sql<{ version: number }>`select version from schema_migrations order by version`).map((r) =>
    Number(r.version),
  );

describe("the embedded database's seed", () => {
  test("an empty DATA_DIR starts from it: every migration applied, nothing left to apply, and it keeps data", async () => {
    const dir = join(work, "fresh", "pgdata");
    await mkdir(join(work, "fresh"));
    const db = await openPglite(dir, { seed });
    expect(await versions(db)).toEqual(migrations.map((m) => m.version));
    expect(await migrate(db.sql, migrations)).toEqual([]);
    await db.sql`insert into users (username, email, password_hash) values ('seeded', 'seeded@example.com', 'x')`;
    await db.close();
    expect(await readdir(join(work, "fresh"))).toEqual(["pgdata"]);

    // A later start: the database is there, so the seed is ignored and nothing is lost.
    const again = await openPglite(dir, { seed });
    const [row] = await again.sql<{ n: number }>`select count(*)::int as n from users where username = 'seeded'`;
    expect(row?.n).toBe(1);
    await again.close();
  });

  test("in memory (the tests' embedded backend) it loads the same database", async () => {
    const db = await openPglite(undefined, { seed });
    expect(await versions(db)).toEqual(migrations.map((m) => m.version));
    await db.close();
  });

  test("an unpacking cut short by a crash is cleared away, never opened as a database", async () => {
    const parent = join(work, "crashed");
    await mkdir(join(parent, "pgdata.partial-999999", "base"), { recursive: true });
    await writeFile(join(parent, "pgdata.partial-999999", "PG_VERSION"), "17\n");
    const db = await openPglite(join(parent, "pgdata"), { seed });
    expect(await versions(db)).toEqual(migrations.map((m) => m.version));
    await db.close();
    expect(await readdir(parent)).toEqual(["pgdata"]);
  });

  test("a directory that holds something other than a database is left alone", async () => {
    const dir = join(work, "occupied", "pgdata");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "note.txt"), "mine");
    // PGlite then runs initdb into it and refuses, as it did before seeds: nothing is overwritten.
    await openPglite(dir, { seed }).then(
      (db) => db.close(),
      () => {},
    );
    expect(await Bun.file(join(dir, "note.txt")).text()).toBe("mine");
  });

  test("the cache keeps one seed per set of migrations, made once", async () => {
    const cache = join(work, "cache");
    const first = await cachedSeed(migrations, cache);
    const files = await readdir(cache);
    expect(files).toEqual([`pgdata-${seedKey(migrations)}.tar.gz`]);
    expect(await cachedSeed(migrations, cache)).toEqual(first);
    const changed = [
      ...migrations.slice(0, -1),
      { ...(migrations.at(-1) as (typeof migrations)[0]), script: "select 1" },
    ];
    expect(seedKey(changed)).not.toBe(seedKey(migrations));
    expect(existsSync(join(cache, `pgdata-${seedKey(changed)}.tar.gz`))).toBe(false);
  }, 60_000); // making a seed is an initdb: seconds on a loaded machine
});
