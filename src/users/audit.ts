/**
 * The audit log: who did what to whom, written in the transaction of the change it records. Admin
 * actions on users, and on whatever else an admin manages (the OpenID provider's clients); each
 * feature's migration adds its actions to `audit_actions`.
 */
import { type RequestMeta, storedMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";

export interface Actor {
  id: string;
  stable_id: string;
  email: string;
}

/** The admin acting, as an audit entry names them (the user record has more). */
export const actorOf = (user: Actor): Actor => ({ id: user.id, stable_id: user.stable_id, email: user.email });

/** Who acts when no admin does: the command line (`admin grant`), or the server applying ADMIN_EMAILS. */
export type System = "command line" | "ADMIN_EMAILS";

/**
 * An audit entry, in the transaction of the change it records. The detail goes as text cast to
 * jsonb: Bun's Postgres driver would store a parameter typed jsonb as a JSON string.
 */
export function writeAudit(
  tx: Sql,
  actor: Actor | System,
  action: string,
  target: { stable_id: string; email: string } | null,
  meta: RequestMeta,
  detail: Record<string, unknown> = {},
) {
  const by = typeof actor === "string" ? { uid: null, email: actor } : { uid: actor.stable_id, email: actor.email };
  return tx`
    insert into audit_log (actor_uid, actor_email, action, target_uid, target_email, ip, detail)
    values (${by.uid}, ${by.email}, ${action},
            ${target?.stable_id ?? null}, ${target?.email ?? null}, ${storedMeta(meta).ip}, ${JSON.stringify(detail)}::text::jsonb)
  `;
}
