/**
 * Migrations: numbered files, no gaps, each applied once and recorded, all or nothing, and safe
 * when several replicas start at the same moment (on PGlite, and on Postgres when it is set).
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  checkSequence,
  loadMigrations,
  type Migration,
  MigrationError,
  migrate,
} from "../../src/platform/db/migrate.ts";
import { openPglite } from "../../src/platform/db/pglite.ts";
import { connectPostgres } from "../../src/platform/db/postgres.ts";
import type { Database } from "../../src/platform/db/sql.ts";
import { realUrls } from "../helpers/backends.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "datta-mig-"));
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), text)));
  return dir;
}

const m = (version: number, name: string, script: string): Migration => ({ version, name, script });

describe("loading migration files", () => {
  test("the project's own files load in order from 1", async () => {
    const migrations = await loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((x) => x.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations[0]?.name).toBe("users");
  });

  test("a gap is refused", async () => {
    const dir = await dirWith({ "001_a.sql": "select 1;", "003_c.sql": "select 1;" });
    await expect(loadMigrations(dir)).rejects.toThrow(/expected version 2/);
  });

  test("a repeated number is refused", () => {
    expect(() => checkSequence([m(1, "a", ""), m(1, "b", "")])).toThrow(MigrationError);
  });

  test("a badly named file is refused", async () => {
    const dir = await dirWith({ "001_a.sql": "select 1;", "two.sql": "select 1;" });
    await expect(loadMigrations(dir)).rejects.toThrow(/named like/);
  });
});

interface Target {
  name: string;
  /** A fresh, empty database (or schema) and a way to open more connections to it. */
  fresh(): Promise<{ connect(): Promise<Database>; drop(): Promise<void> }>;
}

const targets: Target[] = [
  {
    name: "pglite",
    async fresh() {
      const db = await openPglite();
      return { connect: async () => db, drop: () => db.close() };
    },
  },
];
if (realUrls.database) {
  const url = realUrls.database;
  targets.push({
    name: "postgres",
    async fresh() {
      const schema = `mig_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
      const admin = connectPostgres(url, { max: 1 });
      await admin.sql.exec(`create schema ${schema}`);
      const opened: Database[] = [];
      return {
        async connect() {
          const db = connectPostgres(url, { max: 2, connection: { search_path: schema } });
          opened.push(db);
          return db;
        },
        async drop() {
          await Promise.all(opened.map((db) => db.close()));
          await admin.sql.exec(`drop schema ${schema} cascade`);
          await admin.close();
        },
      };
    },
  });
} else leftOut("unit/migrate", NEEDS.database);

for (const target of targets) {
  describe(`migrate on ${target.name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const cleanup of cleanups) await cleanup();
    });
    const fresh = async () => {
      const f = await target.fresh();
      cleanups.push(f.drop);
      return f;
    };

    test("applies everything once, records it, and is a no-op the second time", async () => {
      const db = await (await fresh()).connect();
      const migrations = await loadMigrations();
      expect(await migrate(db.sql, migrations)).toEqual(migrations.map((x) => x.version));
      expect(await migrate(db.sql, migrations)).toEqual([]);
      const rows = await db.sql<{
        version: number;
        name: string;
      }>`select version, name from schema_migrations order by version`;
      expect(rows.map((r) => [Number(r.version), r.name])).toEqual(migrations.map((x) => [x.version, x.name]));
    });

    test("three replicas starting at once: applied exactly once, all succeed", async () => {
      const f = await fresh();
      const dbs = await Promise.all([f.connect(), f.connect(), f.connect()]);
      const migrations = await loadMigrations();
      const results = await Promise.all(dbs.map((db) => migrate(db.sql, migrations)));
      expect(results.filter((applied) => applied.length > 0)).toHaveLength(1);
      expect(results.flat().sort((a, b) => a - b)).toEqual(migrations.map((x) => x.version));
      const [count] = await (dbs[0] as Database).sql<{ n: number }>`select count(*)::int as n from schema_migrations`;
      expect(count?.n).toBe(migrations.length);
    });

    test("a failing migration leaves nothing behind, not even the ones before it in the same run", async () => {
      const db = await (await fresh()).connect();
      const broken = [
        m(1, "ok", "create table a (x int);"),
        m(2, "broken", "create table b (x int); select * from no_such_table;"),
      ];
      await expect(migrate(db.sql, broken)).rejects.toThrow();
      const tables = await db.sql<{ n: number }>`
        select count(*)::int as n from information_schema.tables where table_name in ('a', 'b', 'schema_migrations')
          and table_schema = current_schema()
      `;
      expect(tables[0]?.n).toBe(0);
    });

    test("an edited migration and an unknown applied version are refused", async () => {
      const db = await (await fresh()).connect();
      await migrate(db.sql, [m(1, "first", "create table t1 (x int);"), m(2, "second", "create table t2 (x int);")]);
      await expect(
        migrate(db.sql, [m(1, "first", "create table t1 (y int);"), m(2, "second", "create table t2 (x int);")]),
      ).rejects.toThrow(/changed after it was applied/);
      await expect(migrate(db.sql, [m(1, "first", "create table t1 (x int);")])).rejects.toThrow(/does not know/);
    });
  });
}
