import postgres from "postgres";
import { guardUnavailable } from "./errors.ts";
import { createSql, type Database, type Driver, type Row } from "./sql.ts";

/**
 * Connections per process: 2 x cores + 1, the usual rule for a CPU-bound pool. More connections
 * only make Postgres backends and this process fight for the same cores: on 2 cores, 5 served
 * ~10% more requests at a lower p99 than 10 in bench/ (see bench/RESULTS.md).
 */
const DEFAULT_POOL_SIZE = 2 * (navigator.hardwareConcurrency || 1) + 1;

export interface PostgresOptions {
  /** Pool size per process; DEFAULT_POOL_SIZE by default. */
  max?: number;
  /** Seconds to wait for a connection before the request fails with 503. */
  connectTimeoutSeconds?: number;
  /** Extra connection parameters, e.g. { search_path: "tmp_schema" } in tests. */
  connection?: Record<string, string>;
}

type Runner = postgres.Sql | postgres.TransactionSql;

function driverOn(runner: Runner, pool: postgres.Sql | null): Driver {
  return {
    query: (text, params) =>
      guardUnavailable(
        async () => (await runner.unsafe(text, params as never[], { prepare: true })) as unknown as Row[],
      ),
    // No parameters and .simple(): the simple protocol, so a script may hold several statements.
    exec: (script) => guardUnavailable(async () => void (await runner.unsafe(script).simple())),
    begin: pool
      ? (fn) => guardUnavailable(() => pool.begin((tx) => fn(driverOn(tx, null))) as Promise<never>)
      : undefined,
  };
}

/** A pooled postgres.js connection. It connects lazily and reconnects by itself after an outage. */
export function connectPostgres(url: string, options: PostgresOptions = {}): Database {
  const pg = postgres(url, {
    max: options.max ?? DEFAULT_POOL_SIZE,
    connect_timeout: options.connectTimeoutSeconds ?? 5,
    idle_timeout: 60,
    max_lifetime: 30 * 60,
    onnotice: () => {},
    connection: { application_name: "datta-dashboard", ...options.connection },
  });
  const sql = createSql(driverOn(pg, pg));
  return {
    kind: "postgres",
    sql,
    async ping() {
      await sql`select 1`;
    },
    async close() {
      await pg.end({ timeout: 5 });
    },
  };
}
