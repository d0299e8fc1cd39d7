/**
 * Failures that services report and the HTTP layer turns into 503. They carry no Elysia types,
 * so the database, store and password modules stay framework-free.
 */

export type Dependency = "database" | "store";

/** A dependency could not be reached or did not answer in time. Fail closed: 503. */
export class UnavailableError extends Error {
  constructor(
    readonly dependency: Dependency,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} unavailable`, options);
    this.name = "UnavailableError";
  }
}

/** Too much work queued (e.g. password hashing); the client should retry shortly. */
export class BusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("server busy");
    this.name = "BusyError";
  }
}
