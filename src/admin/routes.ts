import { Elysia } from "elysia";
import { errorResponses, MessageResponse, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import type { SessionRecords } from "../session/records.ts";
import { activityEventSchema } from "../users/model.ts";
import { adminGuard, adminKit, adminUserOf, badCursor } from "./kit.ts";
import { ADMIN_MESSAGES as MESSAGES } from "./messages.ts";
import {
  EventsQuery,
  eventsResponse,
  LockBody,
  RoleBody,
  UidParams,
  UsersQuery,
  UsersResponse,
  userDetailResponse,
} from "./model.ts";
import type { AdminRepository, UserOrder } from "./repository.ts";

/** A user's page shows this many events at first; the rest a page at a time. */
const EVENTS_PAGE = 20;

const encode = (parts: string[]): string => Buffer.from(JSON.stringify(parts)).toString("base64url");

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

/** A page of a user's events after the cursor (an event id), with the next page's cursor. */
async function eventsPage(repo: AdminRepository, userId: string, cursor: string | undefined, limit: number) {
  if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) throw badCursor();
  const rows = await repo.eventsPage(userId, cursor ?? null, limit);
  const page = rows.slice(0, limit);
  return {
    events: page.map(({ type, at, ip, user_agent, method }) => ({
      type,
      at: new Date(at).toISOString(),
      ip,
      user_agent,
      method,
    })),
    next_cursor: rows.length > limit ? String(page.at(-1)?.id) : null,
  };
}

export interface AdminRouteDeps {
  kit: RouteKit;
  repo: AdminRepository;
  records: SessionRecords;
}

/**
 * The admin console's API, finding and reading users: every route behind `{ admin: true }` (an
 * admin's token: 401 without one, 403 for a user).
 */
export function userReadRoutes({ kit, repo, records }: AdminRouteDeps) {
  const { found } = adminKit(repo);
  const toAdminUser = adminUserOf(kit.present);
  const event = activityEventSchema(kit.eventTypes);
  const UserDetailResponse = userDetailResponse(event);
  const EventsResponse = eventsResponse(event);
  return new Elysia({ prefix: "/api/admin", tags: ["admin"] })
    .use(kit.context)
    .use(adminGuard(kit.auth))
    .get(
      "/users",
      async ({ query }) => {
        const limit = query.limit ?? 25;
        const order = query.order ?? "newest";
        const after = decodeUserCursor(query.cursor, order);
        const [rows, total] = await Promise.all([
          repo.listUsers(query.q?.trim() || undefined, after, limit, order),
          repo.userCount(),
        ]);
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return {
          success: true as const,
          users: page.map(toAdminUser),
          next_cursor: rows.length > limit && last ? encode([last.created_key, last.stable_id, order]) : null,
          total,
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
          eventsPage(repo, String(row.id), undefined, EVENTS_PAGE),
        ]);
        return {
          success: true as const,
          user: toAdminUser(row),
          sessions: sessions.map(({ expires_at: _, ...session }) => session),
          events: events.events,
          events_next_cursor: events.next_cursor,
        };
      },
      {
        admin: true,
        params: UidParams,
        response: { 200: UserDetailResponse, ...errorResponses(401, 403, 404, 503) },
        detail: { summary: "A user, with sessions and recent events", security: READ_SECURITY },
      },
    )
    .get(
      "/users/:uid/events",
      async ({ params, query }) => {
        const row = await found(params.uid);
        const page = await eventsPage(repo, String(row.id), query.cursor, query.limit ?? EVENTS_PAGE);
        return { success: true as const, events: page.events, next_cursor: page.next_cursor };
      },
      {
        admin: true,
        params: UidParams,
        query: EventsQuery,
        response: { 200: EventsResponse, ...errorResponses(401, 403, 404, 422, 503) },
        detail: { summary: "A user's events, a page at a time, newest first", security: READ_SECURITY },
      },
    );
}

/**
 * The admin console's API, changing users: every change audited in its transaction (CSRF on
 * writes, as everywhere).
 */
export function userWriteRoutes({ kit, repo }: AdminRouteDeps) {
  const { target, actorOf, notOwn, done } = adminKit(repo);
  return new Elysia({ prefix: "/api/admin", tags: ["admin"] })
    .use(kit.context)
    .use(adminGuard(kit.auth))
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
    );
}
