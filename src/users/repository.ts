/**
 * The kernel's users in raw SQL: the record every feature shares, and the writes that are the
 * account's life itself (made, found, signed out everywhere, deleted). Each change and the event
 * that records it are one statement (a data-modifying CTE), so they commit or fail together in a
 * single round trip. E-mail addresses are stored lower-cased and unique on lower(email).
 *
 * Features keep their own columns on `users` (two-factor's `totp_enabled`, admin's `locked_at`):
 * the record carries the row as read, and each feature projects its columns itself
 * (two-factor/projection.ts, admin/projection.ts), so the kernel names none of them.
 */

import { isLanguage, type Language } from "../http/catalogue.ts";
import { type RequestMeta, storedMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";
import { isTimeZone } from "../platform/time-zones.ts";
import type { SessionUsers } from "../session/service.ts";
import type { PublicUser } from "./model.ts";

/** A row of `users` as the driver returns it: the kernel's columns, and every feature's. */
export interface UserRow {
  [column: string]: unknown;
  id: string | number | bigint;
  public_id: string;
  stable_id: string;
  username: string;
  email: string;
  role: string;
  password_hash: string;
  created_at: Date | string;
  email_verified: boolean;
  groups?: string[] | null;
}

/** A user as the server holds it. Never sent as it is: `present` (the kit's) makes the API's. */
export interface UserRecord {
  id: string;
  /** The token subject: rotated when every session of the user ends. */
  public_id: string;
  /** Fixed at sign-up, never rotated: how other services know the user. Never sent to the browser. */
  stable_id: string;
  username: string;
  email: string;
  role: string;
  created_at: string;
  email_verified: boolean;
  password_hash: string;
  /** The names of the user's groups, sorted (the access rules, forward auth, the `groups` claim). */
  groups: string[];
  /** The language the user chose (Profile), null until then: answers and mails follow it. */
  language: Language | null;
  /** The time zone the user's browser last said (datta_time_zone), null until one did: notices name their times in it. */
  time_zone: string | null;
  /** The row as read, for the features whose columns it also holds (they project their own). */
  row: Readonly<UserRow>;
}

/** What the kernel shows of a user; features add their part (two-factor's `mfa`). */
export type CorePublicUser = Omit<PublicUser, "mfa">;

type CreateResult = { ok: true; user: UserRecord } | { ok: false; reason: "email_taken" };

export function toRecord(row: UserRow): UserRecord {
  return {
    id: String(row.id),
    public_id: row.public_id,
    stable_id: row.stable_id,
    username: row.username,
    email: row.email,
    role: row.role,
    created_at: new Date(row.created_at).toISOString(),
    email_verified: row.email_verified === true,
    password_hash: row.password_hash,
    groups: Array.isArray(row.groups) ? row.groups : [],
    language: isLanguage(row.language) ? row.language : null,
    time_zone: isTimeZone(row.time_zone) ? row.time_zone : null,
    row,
  };
}

export function corePublic(user: UserRecord): CorePublicUser {
  return {
    public_id: user.public_id,
    username: user.username,
    email: user.email,
    role: user.role,
    created_at: user.created_at,
    email_verified: user.email_verified,
    language: user.language,
  };
}

/** The kernel's users; it is also the user store the session service reads. */
export interface UserRepository extends SessionUsers<UserRecord> {
  /** The same repository over `tx`: its calls join that transaction (and what else it writes). */
  with(tx: Sql): UserRepository;
  /** The user and its `signup` event, together; "email_taken" (nothing written) for a taken address. */
  create(
    user: {
      username: string;
      email: string;
      passwordHash: string;
      role?: "user" | "admin";
      /** Confirmed already (a provider the operator trusts for addresses said so). */
      emailVerified?: boolean;
      /** False for an account made through a provider: its hash is of nobody's password. */
      passwordSet?: boolean;
    },
    meta: RequestMeta,
  ): Promise<CreateResult>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findByPublicId(publicId: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  /** By the stable id other services know (the OpenID provider's `sub`); null for one not a uuid. */
  findByStableId(stableId: string): Promise<UserRecord | null>;
  /**
   * A new public_id (every token naming the old one dies) with a `logout` event, and every session
   * of the user marked ended (`sid`, the one asking, as signed out; the others as signed out
   * elsewhere), together.
   */
  signOutEverywhere(id: string, sid: string, meta: RequestMeta): Promise<UserRecord | null>;
  /** The user and everything that belongs to it. */
  delete(id: string): Promise<boolean>;
  /** The time zone the user's browser says (no event: a fact about the browser, not a change asked for). */
  setTimeZone(id: string, timeZone: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether `value` has the shape of a stable id (a uuid): anything else names no user. */
export const isStableId = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

export function createUserRepository(sql: Sql): UserRepository {
  const one = async (rows: Promise<UserRow[]>): Promise<UserRecord | null> => {
    const [row] = await rows;
    return row ? toRecord(row) : null;
  };
  return {
    with: (tx) => createUserRepository(tx),

    async create({ username, email, passwordHash, role = "user", emailVerified = false, passwordSet = true }, meta) {
      const { ip, ua } = storedMeta(meta);
      // A taken address inserts nothing rather than failing, so a transaction around this stays
      // usable (the caller decides what to do about it).
      const user = await one(sql<UserRow>`
        with created as (
          insert into users (username, email, password_hash, role, email_verified, password_set)
          values (${username}, ${email}, ${passwordHash}, ${role}, ${emailVerified}, ${passwordSet})
          on conflict ((lower(email))) do nothing
          returning *
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent)
          select id, 'signup', ${ip}, ${ua} from created
        )
        select * from created
      `);
      return user ? { ok: true, user } : { ok: false, reason: "email_taken" };
    },

    findByEmail: (email) => one(sql<UserRow>`select * from users where lower(email) = lower(${email})`),
    findByPublicId: (publicId) => one(sql<UserRow>`select * from users where public_id = ${publicId}`),
    findById: (id) => one(sql<UserRow>`select * from users where id = ${id}`),
    findByStableId: async (stableId) =>
      isStableId(stableId) ? one(sql<UserRow>`select * from users where stable_id = ${stableId}`) : null,

    signOutEverywhere(id, sid, meta) {
      const { ip, ua } = storedMeta(meta);
      return one(sql<UserRow>`
        with rotated as (
          update users
          set public_id = gen_random_uuid(), updated_at = now()
          where id = ${id}
          returning *
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent)
          select id, 'logout', ${ip}, ${ua} from rotated
        ), ended as (
          update sessions
          set ended_at = now(),
              ended_reason = case when id = ${sid}::uuid then 'signed_out' else 'signed_out_elsewhere' end
          where user_id = (select id from rotated) and ended_at is null
        )
        select * from rotated
      `);
    },

    async delete(id) {
      const rows = await sql`delete from users where id = ${id} returning id`;
      return rows.length > 0;
    },
    async setTimeZone(id, timeZone) {
      await sql`update users set time_zone = ${timeZone}::text where id = ${id} and time_zone is distinct from ${timeZone}::text`;
    },
  };
}
