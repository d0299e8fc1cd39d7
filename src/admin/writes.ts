/**
 * What every admin write stands on: who acts, what it comes to, the audit entry and the user's event
 * written in the change's transaction, and the transaction itself (admin/repository.ts and
 * admin/help-desk.ts build their writes from it).
 */
import type { Language } from "../http/catalogue.ts";
import type { Sql } from "../platform/db/sql.ts";
import type { Actor, System } from "../users/audit.ts";

export { type Actor, type System, writeAudit } from "../users/audit.ts";

export type AuditAction =
  | "account_locked"
  | "account_unlocked"
  | "sessions_revoked"
  | "role_changed"
  | "account_deleted"
  | "two_factor_reset"
  | "reset_link_sent"
  | "confirmation_sent"
  | "email_confirmed"
  | "session_revoked";

/**
 * What an admin write comes to: done; refused because the actor is no longer an unlocked admin, or
 * because it would leave no admin who can sign in; or the target is gone.
 */
export type AdminWrite = "ok" | "not_admin" | "last_admin" | "not_found";

/** A user as an admin write names it. */
export interface Target {
  id: string;
  stable_id: string;
  email: string;
  /** The language the user chose; null until then. */
  language: Language | null;
}

/**
 * The building blocks of every admin write (admin/repository.ts, admin/help-desk.ts): one
 * transaction, the actor read again under a lock, the target locked, the last admin kept.
 */
export function adminWrites(sql: Sql) {
  /** Every token of the user dies (its subject changes) and every session row ends, saying why. */
  const endSessions = async (tx: Sql, userId: string, reason: "locked" | "signed_out_elsewhere") => {
    await tx`update users set public_id = gen_random_uuid(), updated_at = now() where id = ${userId}`;
    await tx`
      update sessions set ended_at = now(), ended_reason = ${reason} where user_id = ${userId} and ended_at is null
    `;
  };

  /**
   * An admin write, in one transaction that first locks every admin's row (always in id order, so
   * two admins acting at once queue rather than deadlock) and reads the actor again under that lock:
   * of two admins locking, deleting or demoting each other at the same moment, the second finds
   * itself no longer an unlocked admin and changes nothing. `write` is told which admins can still
   * sign in (unlocked), to keep the last of them.
   */
  const asAdmin = (
    actor: Actor | System,
    write: (tx: Sql, usableAdmins: ReadonlySet<string>) => Promise<AdminWrite>,
  ): Promise<AdminWrite> =>
    sql.begin(async (tx) => {
      const admins = await tx<{ id: string | number | bigint; locked_at: Date | string | null }>`
        select id, locked_at from users where role = 'admin' order by id for update
      `;
      const usable = new Set(admins.filter((row) => row.locked_at === null).map((row) => String(row.id)));
      if (typeof actor !== "string" && !usable.has(actor.id)) return "not_admin";
      return write(tx, usable);
    });
  /**
   * The target's row, locked for the rest of the transaction; null when it is gone (deleted by
   * another admin meanwhile): nothing is written for it then.
   */
  const lockTarget = async (tx: Sql, target: Target) => {
    const [row] = await tx<{ role: string; admin_source: string | null }>`
      select role, admin_source from users where id = ${target.id} for update
    `;
    return row ?? null;
  };
  /** Whether taking `target` out of the usable admins leaves none. */
  const leavesNoAdmin = (usable: ReadonlySet<string>, target: Target) => usable.has(target.id) && usable.size <= 1;

  return { asAdmin, lockTarget, leavesNoAdmin, endSessions };
}
