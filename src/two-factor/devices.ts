/**
 * "Remember this device for 30 days" on the code step: the second step is skipped on that device,
 * for that account, never the password.
 *
 *   token    32 random bytes in an HttpOnly cookie (SameSite=Strict, sent to the sign-in routes
 *            only); the database keeps its SHA-256 with the account, the device and the expiry
 *   counts   only for its own account, until it expires, is forgotten from the Sessions page, or
 *            the account's password changes or is reset, its app is removed, or an admin resets its
 *            two-factor: each of those forgets every device of the account
 */
import { type RequestMeta, storedMeta } from "../http/context.ts";
import { cookieValue } from "../http/cookies.ts";
import type { Sql } from "../platform/db/sql.ts";
import { randomToken, sha256Hex as sha256, TOKEN_SHAPE } from "../platform/secrets.ts";
import { recordEvent } from "../users/events.ts";

export const REMEMBER_DAYS = 30;
export const DEVICE_COOKIE = "datta_device";
/** The routes that read the cookie: the browser sends it nowhere else. */
const COOKIE_PATH = "/api/users/login";

export interface RememberedDevice {
  id: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

type DeviceRow = {
  id: string;
  created_at: Date | string;
  expires_at: Date | string;
  last_used_at: Date | string | null;
  ip: string | null;
  user_agent: string | null;
};

const iso = (value: Date | string): string => new Date(value).toISOString();

/** The device cookie's value in a request's Cookie header, when it has the shape of one. */
export const deviceToken = (cookieHeader: string | null): string | null =>
  cookieValue(cookieHeader, DEVICE_COOKIE, TOKEN_SHAPE);

/** The Set-Cookie header that remembers this device (or, with no token, forgets the cookie). */
export function deviceCookie(token: string | null, secure: boolean): string {
  const attributes = `Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
  return token === null
    ? `${DEVICE_COOKIE}=; Max-Age=0; ${attributes}`
    : `${DEVICE_COOKIE}=${token}; Max-Age=${REMEMBER_DAYS * 86_400}; ${attributes}`;
}

/** `now` in ms; injectable, so tests move the clock (30 days pass in a test). */
export function createRememberedDevices(sql: Sql, now: () => number = Date.now) {
  const at = (ms: number) => new Date(ms);

  return {
    /** A new remembered device for the user, with its event; the token for the cookie. */
    async remember(userId: string, meta: RequestMeta): Promise<string> {
      const token = randomToken();
      const { ip, ua } = storedMeta(meta);
      await sql.begin(async (tx) => {
        await tx`
          insert into remembered_devices (user_id, token_hash, created_at, expires_at, ip, user_agent)
          values (${userId}, ${sha256(token)}, ${at(now())}, ${at(now() + REMEMBER_DAYS * 86_400_000)}, ${ip}, ${ua})
        `;
        await recordEvent(tx, userId, "device_remembered", meta);
      });
      return token;
    },

    /**
     * Whether `token` is a live remembered device of this user (then marked used). The lookup is by
     * the token's hash: nothing secret is compared in variable time.
     */
    async recognizes(userId: string, token: string | null): Promise<boolean> {
      if (token === null || !TOKEN_SHAPE.test(token)) return false;
      const rows = await sql`
        update remembered_devices set last_used_at = ${at(now())}
        where token_hash = ${sha256(token)} and user_id = ${userId} and expires_at > ${at(now())}
        returning id
      `;
      return rows.length > 0;
    },

    async list(userId: string): Promise<RememberedDevice[]> {
      const rows = await sql<DeviceRow>`
        select id, created_at, expires_at, last_used_at, ip, user_agent from remembered_devices
        where user_id = ${userId} and expires_at > ${at(now())}
        order by created_at desc, id
      `;
      return rows.map((row) => ({
        id: row.id,
        created_at: iso(row.created_at),
        expires_at: iso(row.expires_at),
        last_used_at: row.last_used_at === null ? null : iso(row.last_used_at),
        ip: row.ip,
        user_agent: row.user_agent,
      }));
    },

    /** Forgets one device of the user, with its event; false for an unknown or another user's one. */
    async forget(userId: string, id: string, meta: RequestMeta): Promise<boolean> {
      return sql.begin(async (tx) => {
        const rows = await tx`delete from remembered_devices where id = ${id} and user_id = ${userId} returning id`;
        if (rows.length > 0) await recordEvent(tx, userId, "device_forgotten", meta);
        return rows.length > 0;
      });
    },

    /** Forgets every device of the user, in the caller's transaction (a new password, say). */
    async forgetAll(tx: Sql, userId: string): Promise<void> {
      await tx`delete from remembered_devices where user_id = ${userId}`;
    },
  };
}

export type RememberedDevices = ReturnType<typeof createRememberedDevices>;
