/**
 * What the admin reads and changes, in raw SQL. Every change, the event the user sees in their own
 * activity, and the audit entry are one transaction: all or none.
 */
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

export function createAdminRepository(sql: Sql) {
  const audit = (
    tx: Sql,
    actor: Actor | null,
    action: AuditAction,
    target: { stable_id: string; email: string } | null,
    meta: RequestMeta,
    detail: Record<string, unknown> = {},
  ) =>
    tx`
      insert into audit_log (actor_uid, actor_email, action, target_uid, target_email, ip, detail)
      values (${actor?.stable_id ?? null}, ${actor?.email ?? "command line"}, ${action},
              ${target?.stable_id ?? null}, ${target?.email ?? null}, ${storedMeta(meta).ip}, ${JSON.stringify(detail)}::jsonb)
    `;
  const event = (tx: Sql, userId: string, type: string, meta: RequestMeta) => {
    const { ip, ua } = storedMeta(meta);
    return tx`insert into user_events (user_id, type, ip, user_agent) values (${userId}, ${type}, ${ip}, ${ua})`;
  };
  /** Every token of the user dies (its subject changes) and every session row ends. */
  const endSessions = async (tx: Sql, userId: string) => {
    await tx`update users set public_id = gen_random_uuid(), updated_at = now() where id = ${userId}`;
    await tx`update sessions set ended_at = now() where user_id = ${userId} and ended_at is null`;
  };

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

    async lock(actor: Actor, target: AdminUserRow, reason: string | null, meta: RequestMeta): Promise<void> {
      await sql.begin(async (tx) => {
        await tx`update users set locked_at = now(), locked_reason = ${reason} where id = ${String(target.id)}`;
        await endSessions(tx, String(target.id));
        await event(tx, String(target.id), "account_locked", meta);
        await audit(tx, actor, "account_locked", target, meta, reason ? { reason } : {});
      });
    },

    async unlock(actor: Actor, target: AdminUserRow, meta: RequestMeta): Promise<void> {
      await sql.begin(async (tx) => {
        await tx`update users set locked_at = null, locked_reason = null, updated_at = now() where id = ${String(target.id)}`;
        await event(tx, String(target.id), "account_unlocked", meta);
        await audit(tx, actor, "account_unlocked", target, meta);
      });
    },

    async signOut(actor: Actor, target: AdminUserRow, meta: RequestMeta): Promise<void> {
      await sql.begin(async (tx) => {
        await endSessions(tx, String(target.id));
        await event(tx, String(target.id), "sessions_revoked", meta);
        await audit(tx, actor, "sessions_revoked", target, meta);
      });
    },

    /**
     * The new role, unless it would leave no admin: "last_admin" then (checked under a lock on every
     * admin row, so two admins demoting each other at once cannot both succeed).
     */
    async setRole(
      actor: Actor | null,
      target: { id: string; stable_id: string; email: string; role: string },
      role: "user" | "admin",
      meta: RequestMeta,
    ): Promise<"ok" | "last_admin"> {
      return sql.begin(async (tx) => {
        const admins = await tx<{ id: string | number | bigint }>`select id from users where role = 'admin' for update`;
        const [current] = await tx<{ role: string }>`select role from users where id = ${target.id} for update`;
        if (!current) return "ok";
        if (current.role === role) return "ok";
        if (current.role === "admin" && admins.length <= 1) return "last_admin";
        await tx`update users set role = ${role}, updated_at = now() where id = ${target.id}`;
        await event(tx, target.id, "role_changed", meta);
        await audit(tx, actor, "role_changed", target, meta, { from: current.role, to: role });
        return "ok";
      });
    },

    async deleteUser(actor: Actor, target: AdminUserRow, meta: RequestMeta): Promise<void> {
      await sql.begin(async (tx) => {
        await audit(tx, actor, "account_deleted", target, meta);
        await tx`delete from users where id = ${String(target.id)}`;
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

    /** The accounts with these addresses get the admin role (ADMIN_EMAILS, at start). */
    async grantByEmails(emails: readonly string[]): Promise<number> {
      let granted = 0;
      for (const email of emails) {
        const [user] = await sql<{ id: string | number | bigint; stable_id: string; email: string; role: string }>`
          select id, stable_id, email, role from users where lower(email) = lower(${email})
        `;
        if (user && user.role !== "admin") {
          await this.setRole(null, { ...user, id: String(user.id) }, "admin", { ip: null, userAgent: null });
          granted++;
        }
      }
      return granted;
    },
  };
}

export type AdminRepository = ReturnType<typeof createAdminRepository>;
