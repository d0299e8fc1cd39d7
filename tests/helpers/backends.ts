/**
 * The backends every API test runs against: the embedded ones (PGlite in memory, in-process
 * store) always, and real Postgres + Redis whenever DATABASE_URL and REDIS_URL are set, as
 * .ci/run sets them. Each is opened once per test process and shared by the test files.
 */
import { loadMigrations, migrate } from "../../src/platform/db/migrate.ts";
import { openPglite } from "../../src/platform/db/pglite.ts";
import { connectPostgres } from "../../src/platform/db/postgres.ts";
import { cachedSeed } from "../../src/platform/db/seed.ts";
import type { Database } from "../../src/platform/db/sql.ts";
import { createMemoryStore } from "../../src/platform/store/memory.ts";
import { connectRedisStore } from "../../src/platform/store/redis.ts";
import type { Store } from "../../src/platform/store/store.ts";

export interface Backend {
  name: string;
  db: Database;
  store: Store;
}

export interface BackendSpec {
  name: string;
  open(): Promise<Backend>;
}

const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
};

const openEmbedded = once(async (): Promise<Backend> => {
  // From the cached seed, as a first start does; migrate then has nothing to do.
  const migrations = await loadMigrations();
  const db = await openPglite(undefined, { seed: await cachedSeed(migrations) });
  await migrate(db.sql, migrations);
  return { name: "embedded", db, store: createMemoryStore() };
});

export const realUrls = {
  database: process.env.DATABASE_URL?.trim() || undefined,
  redis: process.env.REDIS_URL?.trim() || undefined,
};

/**
 * DATA_ENCRYPTION_KEY of every test that shares the real database (in-process apps, servers, the
 * binary, the cluster): the signing keys sealed by one must open in the others.
 */
export const TEST_DATA_KEY = "test-data-encryption-key-of-32-bytes-or-more";

export const hasRealBackends = realUrls.database !== undefined && realUrls.redis !== undefined;

const openReal = once(async (): Promise<Backend> => {
  const db = connectPostgres(realUrls.database as string);
  await migrate(db.sql, await loadMigrations());
  const store = await connectRedisStore(realUrls.redis as string, { keyPrefix: `test:${crypto.randomUUID()}:` });
  await store.ping();
  return { name: "postgres+redis", db, store };
});

export const BACKENDS: BackendSpec[] = [
  { name: "embedded", open: openEmbedded },
  ...(hasRealBackends ? [{ name: "postgres+redis", open: openReal }] : []),
];

/** A unique, valid address, so tests sharing a database never collide. */
export function uniqueEmail(label = "user"): string {
  return `${label}.${crypto.randomUUID().slice(0, 12)}@example.com`;
}
