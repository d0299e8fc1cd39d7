/**
 * Sessions as the database keeps them, so that a user can see where they are signed in and end
 * any of it: one row per sign-in (the `sid` of its tokens), in raw SQL. The shared store, not this
 * table, refuses an ended session's tokens on every request (service.ts); this table is what the
 * user sees, and what a refresh checks.
 */
import { type RequestMeta, storedMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";

export type SessionKind = "browser" | "token";

/**
 * How a sign-in was proven: the password alone, with the app's code, with a recovery code, with a
 * device remembered for the code step, or a passkey alone.
 */
export type ProvenBy =
  | "password"
  | "password+totp"
  | "password+recovery_code"
  | "password+remembered_device"
  /** A password's session stepped up with a passkey (POST /api/users/login/passkey/step-up). */
  | "password+passkey"
  | "passkey"
  /** Another provider (its id); then `+totp`, `+recovery_code`, `+passkey`, or `+mfa` when the provider proved two. */
  | ByProvider
  | `${ByProvider}+${SecondFactor | "mfa"}`;

/** A second factor given after the first step, at sign-in or to step a session up. */
export type SecondFactor = "totp" | "recovery_code" | "passkey";

/**
 * Whether a sign-in proved two factors: a code or a recovery code after the first step, a passkey
 * (which checks a PIN or a biometric at every use here), or a provider that proved two and is trusted
 * for it. A browser remembered for the code step proves the password alone.
 */
export const provesTwoFactors = (method: ProvenBy | null): boolean =>
  method === "passkey" || (method !== null && /\+(totp|recovery_code|passkey|mfa)$/.test(method));

/** A first step proven at another provider, named by its id in SIGN_IN_PROVIDERS. */
export type ByProvider = `provider:${string}`;

/**
 * Why a session ended: by this very device ("signed_out"), from another device or by an admin
 * ("signed_out_elsewhere"), an admin's lock ("locked"), a new password ("password_changed").
 */
export type EndReason = "signed_out" | "signed_out_elsewhere" | "locked" | "password_changed";

/** A live session as the user's list shows it (dates as ISO strings). */
export interface SessionRecord {
  id: string;
  kind: SessionKind;
  /** How its sign-in was proven; null for a session from before this was kept. */
  method: ProvenBy | null;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
  /** Seconds since the epoch: no token of this session lives past it. */
  expires_at: number;
}

/** Events that ending sessions records. */
export type SessionEndEvent = "session_revoked" | "sessions_revoked";

export interface NewSession {
  sid: string;
  userId: string;
  kind: SessionKind;
  method: ProvenBy;
  /** Seconds since the epoch. */
  tokenExpiresAt: number;
  expiresAt: number;
  meta: RequestMeta;
}

export interface SessionRecords {
  create(session: NewSession): Promise<void>;
  /**
   * A refresh: last seen now, and live at least until the new token's expiry. False when the
   * session has ended meanwhile (its row says so even if the store forgot).
   */
  touch(sid: string, tokenExpiresAt: number): Promise<boolean>;
  /**
   * A second factor given now for a live session (a step-up): its method says so (`password+totp`,
   * `provider:ID+totp`), and it is marked seen. False when it ended meanwhile.
   */
  raise(sid: string, factor: SecondFactor, tokenExpiresAt: number): Promise<boolean>;
  /** The user's live sessions (not ended, a token still unexpired), newest first. */
  listLive(userId: string): Promise<SessionRecord[]>;
  /**
   * Marks these live sessions of the user ended (`reason`) with one event of `type`, together;
   * answers how many it ended (another user's or an already ended session counts for nothing).
   */
  end(
    userId: string,
    sids: readonly string[],
    type: SessionEndEvent,
    reason: EndReason,
    meta: RequestMeta,
  ): Promise<number>;
  /** Why the session `sid` ended, if it did and the reason was kept. */
  endReason(sid: string): Promise<EndReason | null>;
}

interface SessionRow {
  [column: string]: unknown;
  id: string;
  kind: SessionKind;
  method: ProvenBy | null;
  created_at: Date | string;
  last_seen_at: Date | string;
  ip: string | null;
  user_agent: string | null;
  expires_at: Date | string;
}

const iso = (value: Date | string): string => new Date(value).toISOString();
const toDate = (seconds: number): Date => new Date(seconds * 1000);

export function createSessionRecords(sql: Sql): SessionRecords {
  return {
    async create({ sid, userId, kind, method, tokenExpiresAt, expiresAt, meta }) {
      const { ip, ua } = storedMeta(meta);
      await sql`
        insert into sessions (id, user_id, kind, method, token_expires_at, expires_at, ip, user_agent)
        values (${sid}, ${userId}, ${kind}, ${method}, ${toDate(tokenExpiresAt)}, ${toDate(expiresAt)}, ${ip}, ${ua})
      `;
    },

    async touch(sid, tokenExpiresAt) {
      const rows = await sql`
        update sessions
        set last_seen_at = now(), token_expires_at = greatest(token_expires_at, ${toDate(tokenExpiresAt)})
        where id = ${sid} and ended_at is null
        returning id
      `;
      return rows.length > 0;
    },

    async raise(sid, factor, tokenExpiresAt) {
      const rows = await sql`
        update sessions
        set method = regexp_replace(coalesce(method, 'password'), '[+](remembered_device|totp|recovery_code|passkey|mfa)$', '')
                     || '+' || ${factor},
            last_seen_at = now(), token_expires_at = greatest(token_expires_at, ${toDate(tokenExpiresAt)})
        where id = ${sid} and ended_at is null
        returning id
      `;
      return rows.length > 0;
    },

    async listLive(userId) {
      const rows = await sql<SessionRow>`
        select id, kind, method, created_at, last_seen_at, ip, user_agent, expires_at
        from sessions
        where user_id = ${userId} and ended_at is null and token_expires_at > now()
        order by created_at desc, id
      `;
      return rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        method: row.method,
        created_at: iso(row.created_at),
        last_seen_at: iso(row.last_seen_at),
        ip: row.ip,
        user_agent: row.user_agent,
        expires_at: Math.floor(new Date(row.expires_at).getTime() / 1000),
      }));
    },

    async end(userId, sids, type, reason, meta) {
      if (sids.length === 0) return 0;
      // An array literal of UUIDs (checked by the caller), cast by Postgres: both drivers agree on text.
      const ids = `{${sids.join(",")}}`;
      const { ip, ua } = storedMeta(meta);
      const [row] = await sql<{ ended: number }>`
        with ended as (
          update sessions set ended_at = now(), ended_reason = ${reason}
          where user_id = ${userId} and id = any(${ids}::uuid[]) and ended_at is null
          returning id
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent)
          select ${userId}, ${type}, ${ip}, ${ua}
          where exists (select 1 from ended)
        )
        select count(*)::int as ended from ended
      `;
      return Number(row?.ended ?? 0);
    },

    async endReason(sid) {
      const [row] = await sql<{ ended_reason: EndReason | null }>`
        select ended_reason from sessions where id = ${sid} and ended_at is not null
      `;
      return row?.ended_reason ?? null;
    },
  };
}
