import { Elysia } from "elysia";
import { MessageResponse } from "../account/model.ts";
import { toPublicUser, toRecord, type UserRecord } from "../account/repository.ts";
import type { UserRouteDeps } from "../account/routes.ts";
import { HttpError, invalidFields } from "../http/errors.ts";
import { MESSAGES } from "../http/messages.ts";
import { errorResponses, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import type { SessionRecords } from "../session/records.ts";
import type { Session } from "../session/service.ts";
import {
  type AdminUser,
  AuditQuery,
  AuditResponse,
  LockBody,
  RoleBody,
  UidParams,
  UserDetailResponse,
  UsersQuery,
  UsersResponse,
} from "./model.ts";
import {
  type Actor,
  type AdminRepository,
  type AdminUserRow,
  type AdminWrite,
  createAdminRepository,
  type Target,
  type UserOrder,
} from "./repository.ts";

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function toAdminUser(row: AdminUserRow): AdminUser {
  const user = toRecord(row);
  return {
    ...toPublicUser(user),
    uid: user.stable_id,
    locked: user.locked,
    last_sign_in_at: iso(row.last_sign_in_at),
    sessions: Number(row.live_sessions),
  };
}

const encode = (parts: string[]): string => Buffer.from(JSON.stringify(parts)).toString("base64url");
const badCursor = (): HttpError => invalidFields([{ field: "cursor", message: "is not a cursor of this list" }]);

/**
 * The last row's (created_at, stable_id) and the order it was read in: a cursor of one order is
 * refused in the other (it would skip or repeat users), as is anything not made here.
 */
function decodeUserCursor(cursor: string | undefined, order: UserOrder): [string, string] | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(parts) &&
      parts.length === 3 &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/.test(parts[0]) &&
      /^[0-9a-f-]{36}$/i.test(parts[1]) &&
      parts[2] === order
    ) {
      return [parts[0], parts[1]];
    }
  } catch {}
  throw badCursor();
}

/**
 * `{ admin: true }`: an admin's session. The role is read with the user on every request, so a
 * demotion counts at once, even for a bearer token issued before it. Written once, for every route.
 */
export function adminGuard(auth: UserRouteDeps["auth"]) {
  return new Elysia({ name: "admin-guard" }).use(auth).macro({
    admin: {
      auth: true,
      // `auth: true` runs first and resolves `session`; Elysia's types do not carry a composed
      // macro's resolve into this hook, hence the cast.
      beforeHandle: (context) => {
        const { session } = context as unknown as { session: Session<UserRecord> };
        if (session.user.role !== "admin") throw new HttpError(403, MESSAGES.adminOnly);
      },
    },
  });
}

/**
 * The admin console's API: every route behind `{ admin: true }` (an admin's token: 401 without
 * one, 403 for a user; CSRF on writes, as everywhere), every change audited in its transaction.
 */
export function adminRoutes(deps: UserRouteDeps & { records: SessionRecords; admin?: AdminRepository }) {
  const { auth, context, sql, users, records } = deps;
  const repo = deps.admin ?? createAdminRepository(sql);
  const notFound = (): HttpError => new HttpError(404, MESSAGES.userNotFound);
  const actorOf = (user: { id: string; stable_id: string; email: string }): Actor => ({
    id: user.id,
    stable_id: user.stable_id,
    email: user.email,
  });
  const found = async (uid: string): Promise<AdminUserRow> => {
    const row = await repo.findUser(uid);
    if (!row) throw notFound();
    return row;
  };
  const target = async (uid: string): Promise<Target> => {
    const row = await found(uid);
    return { id: String(row.id), stable_id: row.stable_id, email: row.email };
  };
  const notOwn = (actor: Actor, row: Target, message: string) => {
    if (row.stable_id === actor.stable_id) throw new HttpError(409, message);
  };
  /**
   * A write's outcome as the answer: the actor found no longer an unlocked admin inside the write's
   * transaction is 403 (another admin locked or demoted them a moment before), the target gone 404.
   */
  const done = (outcome: AdminWrite, lastAdminMessage: string = MESSAGES.lastAdmin): void => {
    if (outcome === "not_admin") throw new HttpError(403, MESSAGES.adminOnly);
    if (outcome === "not_found") throw notFound();
    if (outcome === "last_admin") throw new HttpError(409, lastAdminMessage);
  };

  return new Elysia({ prefix: "/api/admin", tags: ["admin"] })
    .use(context)
    .use(adminGuard(auth))
    .get(
      "/users",
      async ({ query }) => {
        const limit = query.limit ?? 25;
        const order = query.order ?? "newest";
        const after = decodeUserCursor(query.cursor, order);
        const rows = await repo.listUsers(query.q?.trim() || undefined, after, limit, order);
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return {
          success: true as const,
          users: page.map(toAdminUser),
          next_cursor: rows.length > limit && last ? encode([last.created_key, last.stable_id, order]) : null,
        };
      },
      {
        admin: true,
        query: UsersQuery,
        response: { 200: UsersResponse, ...errorResponses(401, 403, 422, 503) },
        detail: {
          summary: "Find users",
          description:
            "Newest sign-ups first, keyset pagination (a sign-up during a walk never shifts a page); `q` matches the start of the username or the e-mail, any case.",
          security: READ_SECURITY,
        },
      },
    )
    .get(
      "/users/:uid",
      async ({ params }) => {
        const row = await found(params.uid);
        const [sessions, events] = await Promise.all([
          records.listLive(String(row.id)),
          users.listEvents(String(row.id)),
        ]);
        return {
          success: true as const,
          user: toAdminUser(row),
          sessions: sessions.map(({ id, kind, created_at, last_seen_at, ip, user_agent }) => ({
            id,
            kind,
            created_at,
            last_seen_at,
            ip,
            user_agent,
          })),
          events,
        };
      },
      {
        admin: true,
        params: UidParams,
        response: { 200: UserDetailResponse, ...errorResponses(401, 403, 404, 503) },
        detail: { summary: "A user, with sessions and recent events", security: READ_SECURITY },
      },
    )
    .post(
      "/users/:uid/lock",
      async ({ params, body, session, meta }) => {
        const actor = actorOf(session.user);
        const row = await target(params.uid);
        notOwn(actor, row, MESSAGES.notYourOwnAccount);
        done(await repo.lock(actor, row, body?.reason?.trim() || null, meta), MESSAGES.lastUsableAdmin);
        return { success: true as const, msg: MESSAGES.accountLocked };
      },
      {
        admin: true,
        meta: true,
        params: UidParams,
        body: LockBody,
        parse: "json",
        response: { 200: MessageResponse, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 503) },
        detail: {
          summary: "Lock an account",
          description:
            "It cannot sign in (the answer of a wrong password) and every session ends at once, on every replica. 409 for your own account.",
          security: WRITE_SECURITY,
        },
      },
    )
    .post(
      "/users/:uid/unlock",
      async ({ params, session, meta }) => {
        done(await repo.unlock(actorOf(session.user), await target(params.uid), meta));
        return { success: true as const, msg: MESSAGES.accountUnlocked };
      },
      {
        admin: true,
        meta: true,
        params: UidParams,
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 503) },
        detail: { summary: "Unlock an account", security: WRITE_SECURITY },
      },
    )
    .post(
      "/users/:uid/signout",
      async ({ params, session, meta }) => {
        done(await repo.signOut(actorOf(session.user), await target(params.uid), meta));
        return { success: true as const, msg: MESSAGES.userSignedOut };
      },
      {
        admin: true,
        meta: true,
        params: UidParams,
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 503) },
        detail: { summary: "Sign an account out everywhere", security: WRITE_SECURITY },
      },
    )
    .put(
      "/users/:uid/role",
      async ({ params, body, session, meta }) => {
        const actor = actorOf(session.user);
        const row = await target(params.uid);
        notOwn(actor, row, MESSAGES.notYourOwnRole);
        done(await repo.setRole(actor, row, body.role, meta));
        return { success: true as const, msg: MESSAGES.roleChanged };
      },
      {
        admin: true,
        meta: true,
        params: UidParams,
        // A body that is not an object (null, 1, a list) is a missing role: 422 on `role`, as `{}` is.
        transform(context) {
          const { body } = context;
          if (body === null || typeof body !== "object" || Array.isArray(body)) {
            (context as { body: unknown }).body = {};
          }
        },
        body: RoleBody,
        parse: "json",
        response: { 200: MessageResponse, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 503) },
        detail: {
          summary: "Change a user's role",
          description: "409 for your own account, and for the last admin.",
          security: WRITE_SECURITY,
        },
      },
    )
    .delete(
      "/users/:uid",
      async ({ params, session, meta }) => {
        const actor = actorOf(session.user);
        const row = await target(params.uid);
        notOwn(actor, row, MESSAGES.notYourOwnAccount);
        done(await repo.deleteUser(actor, row, meta), MESSAGES.lastUsableAdmin);
        return { success: true as const, msg: MESSAGES.userDeleted };
      },
      {
        admin: true,
        meta: true,
        params: UidParams,
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 409, 503) },
        detail: { summary: "Delete an account and its data", security: WRITE_SECURITY },
      },
    )
    .get(
      "/audit",
      async ({ query }) => {
        const limit = query.limit ?? 50;
        if (query.cursor !== undefined && !/^\d{1,18}$/.test(query.cursor)) throw badCursor();
        const rows = await repo.audit(query.cursor ?? null, limit);
        const page = rows.slice(0, limit);
        return {
          success: true as const,
          entries: page.map((row) => ({
            at: iso(row.at) as string,
            actor: { uid: row.actor_uid, email: row.actor_email },
            action: row.action,
            target: row.target_email === null ? null : { uid: row.target_uid, email: row.target_email },
            ip: row.ip,
            detail: (typeof row.detail === "string" ? JSON.parse(row.detail) : row.detail) as Record<string, unknown>,
          })),
          next_cursor: rows.length > limit ? String(page.at(-1)?.id) : null,
        };
      },
      {
        admin: true,
        query: AuditQuery,
        response: { 200: AuditResponse, ...errorResponses(401, 403, 422, 503) },
        detail: { summary: "The audit trail, newest first", security: READ_SECURITY },
      },
    );
}
