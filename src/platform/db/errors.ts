import { UnavailableError } from "../errors.ts";

/**
 * Whether an error means "the database cannot be reached" (503) rather than "this query is
 * wrong" (a bug, 500) or "this row breaks a constraint" (handled by the caller).
 */
function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return /connect|closed|terminat|timeout|socket/i.test(error.message);
  // SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P0x shutdown/crash.
  if (/^(08|53)/.test(code) || /^57P0[1-4]$/.test(code)) return true;
  // postgres.js and Bun socket errors.
  return /^(E[A-Z]+|CONNECT_TIMEOUT|CONNECTION_[A-Z]+)$/.test(code);
}

export async function guardUnavailable<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isConnectionFailure(error)) throw new UnavailableError("database", { cause: error });
    throw error;
  }
}

/** SQLSTATE 23505: a unique constraint said no (e.g. an e-mail already taken). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown; constraint_name?: unknown } | null;
  if (e?.code !== "23505") return false;
  return constraint === undefined || e.constraint_name === constraint || e.constraint === constraint;
}
