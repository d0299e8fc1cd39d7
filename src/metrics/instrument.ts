/**
 * The database and the store, counted from the outside: each keeps its interface, and what fails
 * (or what the store revokes) is told to the metrics. Wrapped once, in createApp.
 */
import { isUniqueViolation } from "../platform/db/errors.ts";
import type { Row, Sql } from "../platform/db/sql.ts";
import type { Store } from "../platform/store/store.ts";
import type { Metrics } from "./metrics.ts";

/** `sql` whose failures are counted: every one but a unique violation, which is a caller's answer. */
export function instrumentSql(sql: Sql, metrics: Pick<Metrics, "dependencyError">): Sql {
  const counted = <T>(run: Promise<T>): Promise<T> =>
    run.catch((error: unknown) => {
      if (!isUniqueViolation(error)) metrics.dependencyError("database", error);
      throw error;
    });
  const wrapped = (<T extends Row>(strings: TemplateStringsArray, ...values: unknown[]) =>
    counted(sql<T>(strings, ...values))) as Sql;
  // A transaction's statements are counted by the transaction's own failure (once, not per statement).
  wrapped.begin = (fn, options) => counted(sql.begin(fn, options));
  wrapped.exec = (script) => counted(sql.exec(script));
  return wrapped;
}

/** `store` whose failures are counted, and whose revocations (tokens, ended sessions) too. */
export function instrumentStore(store: Store, metrics: Pick<Metrics, "dependencyError" | "revoked">): Store {
  const counted = <T>(run: Promise<T>): Promise<T> =>
    run.catch((error: unknown) => {
      metrics.dependencyError("store", error);
      throw error;
    });
  return {
    kind: store.kind,
    ping: () => counted(store.ping()),
    close: () => store.close(),
    async revoke(jti, ttlSeconds) {
      await counted(store.revoke(jti, ttlSeconds));
      metrics.revoked("token");
    },
    async endSessions(sessions) {
      await counted(store.endSessions(sessions));
      if (sessions.length) metrics.revoked("session", sessions.length);
    },
    isRevoked: (jti, sid) => counted(store.isRevoked(jti, sid)),
    consume: (limits, windowSeconds) => counted(store.consume(limits, windowSeconds)),
    release: (reset, decrement) => counted(store.release(reset, decrement)),
    put: (key, value, ttlSeconds) => counted(store.put(key, value, ttlSeconds)),
    peek: (key) => counted(store.peek(key)),
    take: (key) => counted(store.take(key)),
  };
}
