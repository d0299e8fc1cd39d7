import { SQL } from "bun";
import { createDeadline, type Deadline } from "../deadline.ts";
import { guardUnavailable } from "./errors.ts";
import { createSql, type Database, type Driver, type Row } from "./sql.ts";

/** Every call answers or fails within this (ms), so a request gets its 503 well within 2 s. */
const DATABASE_DEADLINE_MS = 1500;

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
  /** A call (a query, or a whole transaction) slower than this fails with 503 (ms). */
  deadlineMs?: number;
}

/** What both the pool and a transaction can run: Bun.sql's string-query form. */
type Runner = Pick<SQL, "unsafe">;

/**
 * The driver over a runner. On the pool, every query and every transaction has the deadline; inside
 * a transaction the queries have none of their own, since the transaction's deadline covers them.
 */
function driverOn(runner: Runner, pool: { sql: SQL; deadline: Deadline } | null): Driver {
  const bounded = <T>(work: () => Promise<T>): Promise<T> =>
    guardUnavailable(() => (pool ? pool.deadline(work()) : work()));
  return {
    // Prepared (Bun.sql's default): parsed and planned once per connection, then bound. A query
    // starts when something awaits it: here, the deadline.
    query: (text, params) => bounded(() => runner.unsafe(text, params) as unknown as Promise<Row[]>),
    // No parameters and .simple(): the simple protocol, so a script may hold several statements.
    exec: (script) => bounded(async () => void (await runner.unsafe(script).simple())),
    begin: pool
      ? (fn, options) => {
          const work = pool.sql.begin((tx) => fn(driverOn(tx, null)));
          const ms = options?.deadlineMs;
          const deadline = ms === undefined ? pool.deadline : createDeadline("database", ms);
          return guardUnavailable(() => deadline(work));
        }
      : undefined,
  };
}

/**
 * A pool on Bun's built-in Postgres client (bench/drivers.ts: about 2.5x the calls per second of
 * postgres.js at a quarter of the CPU per call). It connects lazily and reconnects by itself: a
 * connection that broke is replaced on the next call.
 */
export function connectPostgres(url: string, options: PostgresOptions = {}): Database {
  const pg = new SQL(url, {
    max: options.max ?? DEFAULT_POOL_SIZE,
    connectionTimeout: options.connectTimeoutSeconds ?? 5,
    idleTimeout: 60,
    maxLifetime: 30 * 60,
    connection: { application_name: "datta-dashboard", ...options.connection },
  });
  const deadlineMs = options.deadlineMs ?? DATABASE_DEADLINE_MS;
  const sql = createSql(driverOn(pg, { sql: pg, deadline: createDeadline("database", deadlineMs) }));
  return {
    kind: "postgres",
    sql,
    async ping() {
      await sql`select 1`;
    },
    async close() {
      await pg.close({ timeout: 5 });
    },
  };
}
