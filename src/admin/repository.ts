/**
 * What the admin reads and changes, in raw SQL. Every change, the event the user sees in their own
 * activity, and the audit entry are one transaction: all or none.
 */
import type { EventType } from "../account/model.ts";
import type { UserRow } from "../account/repository.ts";
import { type RequestMeta, storedMeta } from "../http/context.ts";
import type { Row, Sql } from "../platform/db/sql.ts";

/** A user's row with what the admin list adds: the keyset cursor's time, live sessions, last sign-in. */
export interface AdminUserRow extends UserRow {
  created_key: string;
  last_sign_in_at: Date | string | null;
  live_sessions: number | string;
}

export interface Actor {
  id: string;
  stable_id: string;
  email: string;
}

export type AuditAction =
  | "account_locked"
  | "account_unlocked"
  | "sessions_revoked"
  | "role_changed"
  | "account_deleted";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export type UserOrder = "newest" | "oldest";

const oldestFirst = new WeakMap<TemplateStringsArray, TemplateStringsArray>();

/**
 * `sql`, with a list statement written newest first turned oldest first when asked: every `desc`
 * of its ORDER BY dropped and its keyset comparison `) < (` made `) > (`. Only the statement's own
 * text changes (the values stay bind parameters); each turned text is made once and kept.
 */
function inOrder(sql: Sql, order: UserOrder): Sql {
  if (order === "newest") return sql;
  return (<T extends Row>(strings: TemplateStringsArray, ...values: unknown[]) => {
    let turned = oldestFirst.get(strings);
    if (!turned) {
      const parts = strings.map((part) => part.replaceAll(" desc", "").replaceAll(") < (", ") > ("));
      turned = Object.assign(parts, { raw: parts }) as unknown as TemplateStringsArray;
      oldestFirst.set(strings, turned);
    }
    return sql<T>(turned, ...values);
  }) as Sql;
}

export const isUuid = (value: string): boolean => UUID.test(value);

/** A LIKE pattern matching what starts with `prefix`, its wildcards taken literally. */
const startsWith = (prefix: string): string => `${prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

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
}

/** Who acts when no admin does: the command line (`admin grant`), or the server applying ADMIN_EMAILS. */
export type System = "command line" | "ADMIN_EMAILS";

/** An audit entry, in the transaction of the change it records. */
export function writeAudit(
  tx: Sql,
  actor: Actor | System,
  action: AuditAction,
  target: { stable_id: string; email: string } | null,
  meta: RequestMeta,
  detail: Record<string, unknown> = {},
) {
  const by = typeof actor === "string" ? { uid: null, email: actor } : { uid: actor.stable_id, email: actor.email };
  return tx`
    insert into audit_log (actor_uid, actor_email, action, target_uid, target_email, ip, detail)
    values (${by.uid}, ${by.email}, ${action},
            ${target?.stable_id ?? null}, ${target?.email ?? null}, ${storedMeta(meta).ip}, ${JSON.stringify(detail)}::jsonb)
  `;
}

/** The event the user sees in their own activity, in the same transaction. */
export function writeEvent(tx: Sql, userId: string, type: EventType, meta: RequestMeta) {
  const { ip, ua } = storedMeta(meta);
  return tx`insert into user_events (user_id, type, ip, user_agent) values (${userId}, ${type}, ${ip}, ${ua})`;
}

export function createAdminRepository(sql: Sql) {
  const audit = writeAudit;
  const event = writeEvent;
  /** Every token of the user dies (its subject changes) and every session row ends. */
  const endSessions = async (tx: Sql, userId: string) => {
    await tx`update users set public_id = gen_random_uuid(), updated_at = now() where id = ${userId}`;
    await tx`update sessions set ended_at = now() where user_id = ${userId} and ended_at is null`;
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

  return {
    /**
     * A page of users by sign-up date, newest first unless `order` is "oldest"; with `q`, those whose
     * username or e-mail starts with it. Keyset pagination on (created_at, stable_id), one row more
     * than asked to know if more follow. Each statement is written newest first; `inOrder` turns it.
     *
     * Two searches, both left to the planner within their shape (bench/ADMIN.md has the plans): a
     * prefix of one or two characters matches so many users that one walk of the sign-up index,
     * testing both fields, finds a page soonest; from three characters on, each prefix index gives
     * its own page from the index alone (sql/010) and the two are merged, so the table is read for
     * the returned page only.
     */
    listUsers(
      q: string | undefined,
      after: [string, string] | null,
      limit: number,
      order: UserOrder = "newest",
    ): Promise<AdminUserRow[]> {
      const [at, uid] = after ?? [null, null];
      const n = limit + 1;
      const tx = inOrder(sql, order);
      if (q && q.length >= 3) {
        const p = startsWith(q);
        return tx<AdminUserRow>`
          select u.*, to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as created_key,
            (select count(*) from sessions s where s.user_id = u.id and s.ended_at is null
               and s.token_expires_at > now()) as live_sessions
          from users u
          where u.id in (
            select id from (
              (select id, created_at, stable_id from users where lower(username) like ${p}
                 and (${at}::timestamp is null or (created_at, stable_id) < (${at}::timestamp at time zone 'UTC', ${uid}::uuid))
               order by created_at desc, stable_id desc limit ${n})
              union
              (select id, created_at, stable_id from users where lower(email) like ${p}
                 and (${at}::timestamp is null or (created_at, stable_id) < (${at}::timestamp at time zone 'UTC', ${uid}::uuid))
               order by created_at desc, stable_id desc limit ${n})
            ) hits order by created_at desc, stable_id desc limit ${n})
          order by u.created_at desc, u.stable_id desc
        `;
      }
      const p = q ? startsWith(q) : null;
      return tx<AdminUserRow>`
        select u.*, to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as created_key,
          (select count(*) from sessions s where s.user_id = u.id and s.ended_at is null
             and s.token_expires_at > now()) as live_sessions
        from users u
        where (${p}::text is null or lower(u.username) like ${p} or lower(u.email) like ${p})
          and (${at}::timestamp is null or (u.created_at, u.stable_id) < (${at}::timestamp at time zone 'UTC', ${uid}::uuid))
        order by u.created_at desc, u.stable_id desc
        limit ${n}
      `;
    },

    async findUser(uid: string): Promise<AdminUserRow | null> {
      if (!isUuid(uid)) return null;
      const [row] = await sql<AdminUserRow>`
        select u.*, '' as created_key,
          (select count(*) from sessions s where s.user_id = u.id and s.ended_at is null
             and s.token_expires_at > now()) as live_sessions
        from users u where u.stable_id = ${uid}
      `;
      return row ?? null;
    },

    /** Locked: no sign-in of any kind, every session ended. An admin is locked only while another can still sign in. */
    lock(actor: Actor, target: Target, reason: string | null, meta: RequestMeta): Promise<AdminWrite> {
      return asAdmin(actor, async (tx, usable) => {
        if (!(await lockTarget(tx, target))) return "not_found";
        if (leavesNoAdmin(usable, target)) return "last_admin";
        await tx`update users set locked_at = now(), locked_reason = ${reason} where id = ${target.id}`;
        await endSessions(tx, target.id);
        await event(tx, target.id, "account_locked", meta);
        await audit(tx, actor, "account_locked", target, meta, reason ? { reason } : {});
        return "ok";
      });
    },

    unlock(actor: Actor, target: Target, meta: RequestMeta): Promise<AdminWrite> {
      return asAdmin(actor, async (tx) => {
        if (!(await lockTarget(tx, target))) return "not_found";
        await tx`update users set locked_at = null, locked_reason = null, updated_at = now() where id = ${target.id}`;
        await event(tx, target.id, "account_unlocked", meta);
        await audit(tx, actor, "account_unlocked", target, meta);
        return "ok";
      });
    },

    signOut(actor: Actor, target: Target, meta: RequestMeta): Promise<AdminWrite> {
      return asAdmin(actor, async (tx) => {
        if (!(await lockTarget(tx, target))) return "not_found";
        await endSessions(tx, target.id);
        await event(tx, target.id, "sessions_revoked", meta);
        await audit(tx, actor, "sessions_revoked", target, meta);
        return "ok";
      });
    },

    /**
     * The new role, unless it would leave no admin who can sign in ("last_admin"). A grant by an
     * admin or the command line is explicit (it stays whatever the address does); ADMIN_EMAILS
     * grants through `adminEmails` below.
     */
    setRole(actor: Actor | "command line", target: Target, role: "user" | "admin", meta: RequestMeta) {
      return asAdmin(actor, async (tx, usable) => {
        const current = await lockTarget(tx, target);
        if (!current) return "not_found";
        if (current.role === role && (role === "user" || current.admin_source === "explicit")) return "ok";
        if (current.role === "admin" && role === "user" && leavesNoAdmin(usable, target)) return "last_admin";
        const source = role === "admin" ? "explicit" : null;
        await tx`update users set role = ${role}, admin_source = ${source}, updated_at = now() where id = ${target.id}`;
        await event(tx, target.id, "role_changed", meta);
        await audit(tx, actor, "role_changed", target, meta, { from: current.role, to: role });
        return "ok";
      });
    },

    deleteUser(actor: Actor, target: Target, meta: RequestMeta): Promise<AdminWrite> {
      return asAdmin(actor, async (tx, usable) => {
        if (!(await lockTarget(tx, target))) return "not_found";
        if (leavesNoAdmin(usable, target)) return "last_admin";
        await audit(tx, actor, "account_deleted", target, meta);
        await tx`delete from users where id = ${target.id}`;
        return "ok";
      });
    },

    async audit(before: string | null, limit: number) {
      return sql<{
        id: string | number | bigint;
        at: Date | string;
        actor_uid: string | null;
        actor_email: string;
        action: string;
        target_uid: string | null;
        target_email: string | null;
        ip: string | null;
        detail: unknown;
      }>`
        select id, at, actor_uid, actor_email, action, target_uid, target_email, ip, detail from audit_log
        where ${before}::bigint is null or id < ${before}::bigint
        order by id desc
        limit ${limit + 1}
      `;
    },
  };
}

export type AdminRepository = ReturnType<typeof createAdminRepository>;
