import { type RequestMeta, storedMeta } from "../http/context.ts";
import { isUniqueViolation } from "../platform/db/errors.ts";
import type { Sql } from "../platform/db/sql.ts";
import type { SignInMethod } from "../session/records.ts";
import type { SessionUsers } from "../session/service.ts";
import { type ActivityQueries, activityQueries } from "./activity.ts";
import type { EventType, PublicUser } from "./model.ts";

export interface UserRecord extends PublicUser {
  id: string;
  /** Fixed at sign-up, never rotated: how other services know the user. Never sent to the browser. */
  stable_id: string;
  password_hash: string;
  /** The WebAuthn user handle (random, fixed): what a passkey gives back at sign-in. */
  webauthn_handle: string;
  /** Locked by an admin: no sign-in of any kind (the same 401 as a wrong password). */
  locked: boolean;
}

/** A row of `users` as the driver returns it. */
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
  totp_enabled: boolean;
  recovery_codes_left: number | string;
  passkey_count: number | string;
  webauthn_handle: string;
  locked_at: Date | string | null;
}

type CreateResult = { ok: true; user: UserRecord } | { ok: false; reason: "email_taken" };
type UpdateResult =
  | { ok: true; user: UserRecord /** The address before the change, when it changed. */; previousEmail: string | null }
  | { ok: false; reason: "email_taken" | "not_found" };
type PasswordChangeResult = { ok: true; user: UserRecord } | { ok: false; reason: "stale" | "not_found" };

const EMAIL_KEY = "users_email_lower_key";

export function toRecord(row: UserRow): UserRecord {
  return {
    id: String(row.id),
    public_id: row.public_id,
    stable_id: row.stable_id,
    username: row.username,
    email: row.email,
    role: row.role,
    password_hash: row.password_hash,
    created_at: new Date(row.created_at).toISOString(),
    email_verified: row.email_verified === true,
    mfa: {
      totp: row.totp_enabled === true,
      recovery_codes: Number(row.recovery_codes_left ?? 0),
      passkeys: Number(row.passkey_count ?? 0),
    },
    webauthn_handle: row.webauthn_handle,
    locked: row.locked_at != null,
  };
}

export function toPublicUser(user: UserRecord): PublicUser {
  return {
    public_id: user.public_id,
    username: user.username,
    email: user.email,
    role: user.role,
    created_at: user.created_at,
    email_verified: user.email_verified,
    mfa: { totp: user.mfa.totp, recovery_codes: user.mfa.recovery_codes, passkeys: user.mfa.passkeys },
  };
}

/** Users and their security events; it is also the user store the session service reads. */
export interface UserRepository extends SessionUsers<UserRecord>, ActivityQueries {
  /** The same repository over `tx`: its calls join that transaction (and what else it writes). */
  with(tx: Sql): UserRepository;
  /** The user and its `signup` event, together. */
  create(
    user: { username: string; email: string; passwordHash: string; role?: "user" | "admin" },
    meta: RequestMeta,
  ): Promise<CreateResult>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findByPublicId(publicId: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  /**
   * New username and/or e-mail with a `profile_updated` event, together. A new address is
   * unconfirmed (`email_verified` false) until a link mailed to it is followed, and ends every
   * session of the user (public_id rotated, every session row ended), as a new password does.
   */
  update(id: string, changes: { username?: string; email?: string }, meta: RequestMeta): Promise<UpdateResult>;
  /**
   * A new public_id (every token naming the old one dies) with a `logout` event, and every session
   * of the user marked ended (`sid`, the one asking, as signed out; the others as signed out
   * elsewhere), together.
   */
  signOutEverywhere(id: string, sid: string, meta: RequestMeta): Promise<UserRecord | null>;
  /**
   * A new hash and a new public_id with a `password_changed` event and every session marked
   * ended, together, only while the
   * stored hash is still `expectedHash` (the one just verified): "stale" when it changed meanwhile.
   */
  changePassword(
    id: string,
    expectedHash: string,
    passwordHash: string,
    meta: RequestMeta,
  ): Promise<PasswordChangeResult>;
  /**
   * A password set through a reset link: new hash, new public_id (every session ends) and a
   * `password_reset` event, together. The address is confirmed too: the link was mailed to it.
   */
  resetPassword(id: string, passwordHash: string, meta: RequestMeta): Promise<UserRecord | null>;
  /** The address confirmed, with an `email_verified` event. */
  markEmailVerified(id: string, meta: RequestMeta): Promise<UserRecord | null>;
  /** The devices (user agent and IP) of the account's sign-ups and sign-ins since `since`. */
  devicesSince(id: string, since: Date): Promise<Array<{ ip: string | null; user_agent: string | null }>>;
  /** The user and everything that belongs to it. */
  delete(id: string): Promise<boolean>;
  findByWebauthnHandle(handle: string): Promise<UserRecord | null>;
  recordEvent(id: string, type: EventType, meta: RequestMeta): Promise<void>;
  /** A `login` event (saying how it was proven), and the user's `last_sign_in_at`, together. */
  recordLogin(id: string, meta: RequestMeta, method: SignInMethod): Promise<void>;
  /**
   * A `login_failed` event for the account with this e-mail, if there is one: the same statement
   * runs for an unknown address (and records nothing), so both cost the same.
   */
  recordFailedSignIn(email: string, meta: RequestMeta): Promise<void>;
}

/**
 * Users and their security events in raw SQL. Each change and the event that records it are one
 * statement (a data-modifying CTE), so they commit or fail together in a single round trip.
 * E-mail addresses are stored lower-cased and unique on lower(email) in the schema.
 */
export function createUserRepository(sql: Sql): UserRepository {
  return {
    with: (tx) => createUserRepository(tx),

    async create({ username, email, passwordHash, role = "user" }, meta) {
      const { ip, ua } = storedMeta(meta);
      // A taken address inserts nothing rather than failing, so a transaction around this stays
      // usable (the caller decides what to do about it).
      const [row] = await sql<UserRow>`
        with created as (
          insert into users (username, email, password_hash, role)
          values (${username}, ${email}, ${passwordHash}, ${role})
          on conflict ((lower(email))) do nothing
          returning *
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent)
          select id, 'signup', ${ip}, ${ua} from created
        )
        select * from created
      `;
      return row ? { ok: true, user: toRecord(row) } : { ok: false, reason: "email_taken" };
    },

    async findByEmail(email) {
      const [row] = await sql<UserRow>`
        select * from users where lower(email) = lower(${email})
      `;
      return row ? toRecord(row) : null;
    },

    async findByPublicId(publicId) {
      const [row] = await sql<UserRow>`
        select * from users where public_id = ${publicId}
      `;
      return row ? toRecord(row) : null;
    },

    async findByWebauthnHandle(handle) {
      const [row] = await sql<UserRow>`
        select * from users where webauthn_handle = ${handle}
      `;
      return row ? toRecord(row) : null;
    },

    async findById(id) {
      const [row] = await sql<UserRow>`
        select * from users where id = ${id}
      `;
      return row ? toRecord(row) : null;
    },

    async update(id, { username, email }, meta) {
      const { ip, ua } = storedMeta(meta);
      try {
        // `before` reads the row as the statement found it, so the old address comes back too. A new
        // address is a new way into the account: public_id rotates (every token of the user dies)
        // and every session row ends, as with a new password.
        const [row] = await sql<UserRow & { previous_email: string }>`
          with before as (
            select id, email from users where id = ${id}
          ), updated as (
            update users
            set username = coalesce(${username ?? null}::text, username),
                email = coalesce(${email ?? null}::text, email),
                email_verified = email_verified and coalesce(${email ?? null}::text, email) = email,
                public_id = case when coalesce(${email ?? null}::text, email) = email then public_id
                                 else gen_random_uuid() end,
                updated_at = now()
            where id = ${id}
            returning *
          ), logged as (
            insert into user_events (user_id, type, ip, user_agent)
            select id, 'profile_updated', ${ip}, ${ua} from updated
          ), ended as (
            update sessions set ended_at = now(), ended_reason = 'signed_out_elsewhere'
            where user_id = ${id} and ended_at is null
              and exists (select 1 from updated join before using (id) where updated.email <> before.email)
          )
          select updated.*, before.email as previous_email from updated join before using (id)
        `;
        if (!row) return { ok: false, reason: "not_found" };
        const user = toRecord(row);
        return { ok: true, user, previousEmail: row.previous_email === user.email ? null : row.previous_email };
      } catch (error) {
        if (isUniqueViolation(error, EMAIL_KEY)) return { ok: false, reason: "email_taken" };
        throw error;
      }
    },

    async signOutEverywhere(id, sid, meta) {
      const { ip, ua } = storedMeta(meta);
      const [row] = await sql<UserRow>`
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
      `;
      return row ? toRecord(row) : null;
    },

    async changePassword(id, expectedHash, passwordHash, meta) {
      const { ip, ua } = storedMeta(meta);
      const [row] = await sql<UserRow & { changed: boolean }>`
        with changed as (
          update users
          set password_hash = ${passwordHash}, public_id = gen_random_uuid(), updated_at = now()
          where id = ${id} and password_hash = ${expectedHash}
          returning *
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent)
          select id, 'password_changed', ${ip}, ${ua} from changed
        ), ended as (
          update sessions set ended_at = now(), ended_reason = 'password_changed'
          where user_id = (select id from changed) and ended_at is null
        )
        select changed.*, true as changed from changed
        union all
        select users.*, false as changed from users where id = ${id} and not exists (select 1 from changed)
      `;
      if (!row) return { ok: false, reason: "not_found" };
      return row.changed ? { ok: true, user: toRecord(row) } : { ok: false, reason: "stale" };
    },

    async resetPassword(id, passwordHash, meta) {
      const { ip, ua } = storedMeta(meta);
      const [row] = await sql<UserRow>`
        with changed as (
          update users
          set password_hash = ${passwordHash}, public_id = gen_random_uuid(), email_verified = true,
              updated_at = now()
          where id = ${id}
          returning *
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent)
          select id, 'password_reset', ${ip}, ${ua} from changed
        ), ended as (
          update sessions set ended_at = now(), ended_reason = 'password_changed'
          where user_id = (select id from changed) and ended_at is null
        )
        select * from changed
      `;
      return row ? toRecord(row) : null;
    },

    async markEmailVerified(id, meta) {
      const { ip, ua } = storedMeta(meta);
      const [row] = await sql<UserRow>`
        with verified as (
          update users set email_verified = true, updated_at = now()
          where id = ${id}
          returning *
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent)
          select id, 'email_verified', ${ip}, ${ua} from verified
        )
        select * from verified
      `;
      return row ? toRecord(row) : null;
    },

    async devicesSince(id, since) {
      return sql<{ ip: string | null; user_agent: string | null }>`
        select distinct ip, user_agent from user_events
        where user_id = ${id} and type in ('signup', 'login') and at >= ${since}
        limit 500
      `;
    },

    async delete(id) {
      const rows = await sql`
        delete from users where id = ${id} returning id
      `;
      return rows.length > 0;
    },

    async recordEvent(id, type, meta) {
      const { ip, ua } = storedMeta(meta);
      await sql`
        insert into user_events (user_id, type, ip, user_agent)
        values (${id}, ${type}, ${ip}, ${ua})
      `;
    },

    async recordLogin(id, meta, method) {
      const { ip, ua } = storedMeta(meta);
      await sql`
        with logged as (
          insert into user_events (user_id, type, ip, user_agent, method) values (${id}, 'login', ${ip}, ${ua}, ${method})
          returning at
        )
        update users set last_sign_in_at = (select at from logged) where id = ${id}
      `;
    },

    async recordFailedSignIn(email, meta) {
      const { ip, ua } = storedMeta(meta);
      await sql`
        insert into user_events (user_id, type, ip, user_agent)
        select id, 'login_failed', ${ip}, ${ua} from users where lower(email) = lower(${email})
      `;
    },

    ...activityQueries(sql),
  };
}
