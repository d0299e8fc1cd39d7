/**
 * What the admin reads and changes, in raw SQL. Every change, the event the user sees in their own
 * activity, and the audit entry are one transaction: all or none.
 */
import type { RequestMeta } from "../http/context.ts";
import type { Row, Sql } from "../platform/db/sql.ts";
import { recordEvent } from "../users/events.ts";
import type { EventType } from "../users/model.ts";
import type { UserRow } from "../users/repository.ts";
import { type Actor, type AdminWrite, adminWrites, type Target, writeAudit } from "./writes.ts";

export type { Actor, AdminWrite, Target } from "./writes.ts";

/** A user's row with what the admin list adds: the keyset cursor's time, live sessions, last sign-in. */
export interface AdminUserRow extends UserRow {
  created_key: string;
  last_sign_in_at: Date | string | null;
  live_sessions: number | string;
}

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

export function createAdminRepository(sql: Sql) {
  return { ...userQueries(sql), ...userChanges(sql), ...helpDeskRows(), auditEntries: auditEntries(sql) };
}

export interface AuditRow {
  [column: string]: unknown;
  id: string | number | bigint;
  at: Date | string;
  actor_uid: string | null;
  actor_email: string;
  action: string;
  target_uid: string | null;
  target_email: string | null;
  ip: string | null;
  detail: unknown;
}

export interface AuditFilter {
  /** The actor's stable id, or e-mail address (any case). */
  actor?: string;
  action?: string;
  /** From this instant (included) to that one (excluded). */
  from?: Date;
  to?: Date;
}

/** The audit log, newest first, after the cursor `before` (an entry id), filtered. */
function auditEntries(sql: Sql) {
  return (filter: AuditFilter, before: string | null, limit: number) => {
    const actor = filter.actor?.toLowerCase() ?? null;
    return sql<AuditRow>`
      select id, at, actor_uid, actor_email, action, target_uid, target_email, ip, detail from audit_log
      where (${before}::bigint is null or id < ${before}::bigint)
        and (${actor}::text is null or lower(actor_email) = ${actor} or actor_uid::text = ${actor})
        and (${filter.action ?? null}::text is null or action = ${filter.action ?? null})
        and (${filter.from ?? null}::timestamptz is null or at >= ${filter.from ?? null})
        and (${filter.to ?? null}::timestamptz is null or at < ${filter.to ?? null})
      order by id desc
      limit ${limit}
    `;
  };
}

/** The rows the help desk reads and ends inside an admin write's transaction (writes.ts). */
function helpDeskRows() {
  return {
    /** Whether the user's address is confirmed, the row locked for the rest of the transaction; null when gone. */
    async lockedAddress(tx: Sql, userId: string): Promise<{ confirmed: boolean } | null> {
      const [row] = await tx<{ email_verified: boolean }>`
        select email_verified from users where id = ${userId} for update
      `;
      return row ? { confirmed: row.email_verified === true } : null;
    },
    /** One live session of the user, locked: when it would have ended by itself; null when it is not. */
    async liveSession(tx: Sql, userId: string, sid: string): Promise<{ expiresAt: Date } | null> {
      const [live] = await tx<{ expires_at: Date | string }>`
        select expires_at from sessions
        where id = ${sid} and user_id = ${userId} and ended_at is null and token_expires_at > now()
        for update
      `;
      return live ? { expiresAt: new Date(live.expires_at) } : null;
    },
    async endSessionRow(tx: Sql, sid: string): Promise<void> {
      await tx`update sessions set ended_at = now(), ended_reason = 'signed_out_elsewhere' where id = ${sid}`;
    },
  };
}

/** What the admin reads: pages of users, one user, a user's events, how many users there are. */
function userQueries(sql: Sql) {
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

    /**
     * A page of the user's events, newest first, after the cursor `before` (an event id), one more
     * than asked to know if more follow.
     */
    eventsPage(userId: string, before: string | null, limit: number) {
      return sql<{
        id: string | number | bigint;
        type: EventType;
        at: Date | string;
        ip: string | null;
        user_agent: string | null;
        method: string | null;
      }>`
        select id, type, at, ip, user_agent, method from user_events
        where user_id = ${userId} and (${before}::bigint is null or id < ${before}::bigint)
        order by id desc
        limit ${limit + 1}
      `;
    },

    /**
     * How many users there are: counted exactly up to 10,000, beyond that Postgres's own estimate
     * (kept by autovacuum and analyze), so that the list does not count a million rows each time.
     */
    async userCount(): Promise<{ count: number; exact: boolean }> {
      const [small] = await sql<{ n: number | string }>`select count(*) as n from (select 1 from users limit 10001) u`;
      const n = Number(small?.n ?? 0);
      if (n <= 10_000) return { count: n, exact: true };
      const [estimate] = await sql<{ n: number | string }>`
        select greatest(reltuples, 0)::bigint as n from pg_class where oid = 'users'::regclass
      `;
      return { count: Math.max(n, Number(estimate?.n ?? 0)), exact: false };
    },
  };
}

/**
 * What the admin changes: each an admin write (writes.ts), with the user's event and the audit
 * entry in the change's transaction.
 */
function userChanges(sql: Sql) {
  const { asAdmin, lockTarget, leavesNoAdmin, endSessions } = adminWrites(sql);
  const audit = writeAudit;
  const event = recordEvent;
  return {
    /** Locked: no sign-in of any kind, every session ended. An admin is locked only while another can still sign in. */
    lock(actor: Actor, target: Target, reason: string | null, meta: RequestMeta): Promise<AdminWrite> {
      return asAdmin(actor, async (tx, usable) => {
        if (!(await lockTarget(tx, target))) return "not_found";
        if (leavesNoAdmin(usable, target)) return "last_admin";
        await tx`update users set locked_at = now(), locked_reason = ${reason} where id = ${target.id}`;
        await endSessions(tx, target.id, "locked");
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
        await endSessions(tx, target.id, "signed_out_elsewhere");
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
  };
}

export type AdminRepository = ReturnType<typeof createAdminRepository>;
