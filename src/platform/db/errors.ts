import { UnavailableError } from "../errors.ts";

/** The SQLSTATE of a server error: Bun.sql puts it in `errno`, PGlite in `code`. */
function sqlState(error: { code?: unknown; errno?: unknown }): string | undefined {
  if (typeof error.errno === "string") return error.errno;
  return typeof error.code === "string" && /^[0-9A-Z]{5}$/.test(error.code) ? error.code : undefined;
}

/**
 * Whether an error means "the database cannot be reached" (503) rather than "this query is
 * wrong" (a bug, 500) or "this row breaks a constraint" (handled by the caller).
 */
function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as { code?: unknown; errno?: unknown };
  const state = sqlState(e);
  // SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P0x shutdown/crash.
  if (state !== undefined && (/^(08|53)/.test(state) || /^57P0[1-4]$/.test(state))) return true;
  if (typeof e.code !== "string") return /connect|closed|terminat|timeout|socket/i.test(error.message);
  // Bun.sql's own codes for a connection that failed, closed or timed out, and socket errors.
  return /^(E[A-Z]+|ERR_POSTGRES_(CONNECTION_[A-Z_]+|[A-Z_]*TIMEOUT|TLS_[A-Z_]+|UNEXPECTED_EOF))$/.test(e.code);
}

/** The error to throw for `error`: UnavailableError (503) when the database cannot be reached. */
export function databaseError(error: unknown): unknown {
  return isConnectionFailure(error) ? new UnavailableError("database", { cause: error }) : error;
}

/** `run`'s result, its failure mapped by databaseError; one promise, since this is on every query. */
export function guardUnavailable<T>(run: () => Promise<T>): Promise<T> {
  const reject = (error: unknown): never => {
    throw databaseError(error);
  };
  try {
    return run().catch(reject);
  } catch (error) {
    return Promise.reject(databaseError(error));
  }
}

/** SQLSTATE 23505: a unique constraint said no (e.g. an e-mail already taken). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: unknown; errno?: unknown; constraint?: unknown } | null;
  if (e === null || typeof e !== "object" || sqlState(e) !== "23505") return false;
  return constraint === undefined || e.constraint === constraint;
}
