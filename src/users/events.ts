/**
 * The security log: what happened to an account, when, from where. Each feature names its own event
 * types (its `events`, and its migration adds them to `event_types`, which `user_events.type`
 * references); the kernel writes them.
 *
 * A change that is one statement (a data-modifying CTE in a repository) records its event in that
 * statement; everything else records it here, in the transaction of the change.
 */
import { type RequestMeta, storedMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";
import type { EventType } from "./model.ts";

/** One event of the account, in the caller's transaction (`method`: how a sign-in was proven). */
export async function recordEvent(
  tx: Sql,
  userId: string,
  type: EventType,
  meta: RequestMeta,
  method: string | null = null,
): Promise<void> {
  const { ip, ua } = storedMeta(meta);
  await tx`
    insert into user_events (user_id, type, ip, user_agent, method) values (${userId}, ${type}, ${ip}, ${ua}, ${method})
  `;
}

/** The event types in `event_types` (every feature's migration adds its own). */
export async function knownEventTypes(sql: Sql): Promise<Set<string>> {
  return new Set((await sql<{ name: string }>`select name from event_types`).map((row) => row.name));
}

/** The kernel's own event types: an account made, and signed out everywhere. */
export const USER_EVENTS = ["signup", "logout"] as const;
