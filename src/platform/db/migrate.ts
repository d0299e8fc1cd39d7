import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Sql } from "./sql.ts";

/** A numbered, forward-only migration: `sql/001_users.sql` is version 1, named "users". */
export interface Migration {
  version: number;
  name: string;
  script: string;
}

const MIGRATIONS_DIR = join(import.meta.dir, "..", "..", "..", "sql");

/** Arbitrary but fixed: every replica takes the same advisory lock while migrating. */
const MIGRATION_LOCK_KEY = 7_364_214_002;

/** How long migrating (waiting for the lock included) may take before start-up fails. */
const MIGRATION_DEADLINE_MS = 10 * 60_000;

const FILE_NAME = /^(\d+)_([a-z0-9_]+)\.sql$/;

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** The migration files of `dir` (sql/ by default), checked. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith(".sql"));
  return parseMigrations(
    await Promise.all(files.map(async (file) => ({ file, text: await readFile(join(dir, file), "utf8") }))),
  );
}

/** Migrations from named texts: read from sql/, or embedded in the single binary. */
export function parseMigrations(files: ReadonlyArray<{ file: string; text: string }>): Migration[] {
  const migrations = files.map(({ file, text }) => {
    const match = FILE_NAME.exec(file);
    if (!match) throw new MigrationError(`${file}: migration files are named like 001_create_users.sql`);
    return { version: Number(match[1]), name: match[2] as string, script: text };
  });
  return checkSequence(migrations);
}

/** Versions must run 1, 2, 3, ... with no gap and no repeat. */
export function checkSequence(migrations: Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(
        `migration ${migration.version}_${migration.name}: expected version ${index + 1} (gaps and repeats are refused)`,
      );
    }
  });
  return sorted;
}

function checksum(script: string): string {
  return new Bun.CryptoHasher("sha256").update(script).digest("hex");
}

/**
 * Applies the migrations the database lacks, all in one transaction under an advisory lock:
 * replicas starting together wait for each other, and the first applies them exactly once.
 * Returns the versions this call applied.
 */
export async function migrate(sql: Sql, migrations: Migration[]): Promise<number[]> {
  const wanted = checkSequence(migrations);
  return sql.begin(
    async (tx) => {
      await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
      await tx.exec(`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )
    `);
      const applied = await tx<{ version: number; name: string; checksum: string }>`
      select version, name, checksum from schema_migrations order by version
    `;
      for (const [index, row] of applied.entries()) {
        const known = wanted[index];
        if (!known || known.version !== row.version) {
          throw new MigrationError(
            `the database has migration ${row.version}_${row.name}, which this code does not know`,
          );
        }
        if (known.name !== row.name || checksum(known.script) !== row.checksum) {
          throw new MigrationError(
            `migration ${row.version}_${row.name} was changed after it was applied; add a new one instead`,
          );
        }
      }
      const pending = wanted.slice(applied.length);
      for (const migration of pending) {
        await tx.exec(migration.script);
        await tx`
        insert into schema_migrations (version, name, checksum)
        values (${migration.version}, ${migration.name}, ${checksum(migration.script)})
      `;
      }
      return pending.map((migration) => migration.version);
    },
    // A migration may be long, and a replica may wait here while another one migrates.
    { deadlineMs: MIGRATION_DEADLINE_MS },
  );
}
