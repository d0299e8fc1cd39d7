/**
 * What other features do when something happens to an account, in the transaction of that change:
 * the features that change an account call these (kit.hooks) without knowing who listens (the admin
 * role of ADMIN_EMAILS in admin/admin-emails.ts, passkeys in two-factor/). createApp joins every
 * feature's `hooks` into one.
 */
import type { RequestMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";
import type { UserRecord } from "./repository.ts";

export interface AccountHooks {
  /** The account's address was just proven (a confirmation or reset link mailed to it was followed). */
  addressConfirmed?(tx: Sql, user: Pick<UserRecord, "id" | "email">, meta: RequestMeta): Promise<void>;
  /** The account's address was just replaced (the new one not confirmed yet). */
  addressChanged?(tx: Sql, user: Pick<UserRecord, "id">, meta: RequestMeta): Promise<void>;
  /** The account's password was just changed by its owner (every other session ends with it). */
  passwordChanged?(tx: Sql, user: Pick<UserRecord, "id">, meta: RequestMeta): Promise<void>;
  /**
   * A password reset is about to end every session of the account: what those sessions planted
   * goes with them. `chosen` carries what the person resetting chose on the reset page.
   */
  passwordReset?(
    tx: Sql,
    user: Pick<UserRecord, "id" | "email" | "language">,
    chosen: { removePasskeys: readonly string[] },
    meta: RequestMeta,
  ): Promise<void>;
  /**
   * An admin resets the account's second factors (a user who lost them): each listener removes its
   * own (passkeys only when asked) and says what there was, for the audit entry.
   */
  secondFactorsReset?(
    tx: Sql,
    user: Pick<UserRecord, "id">,
    options: { passkeys: boolean },
    meta: RequestMeta,
  ): Promise<Record<string, unknown>>;
}

/**
 * Every listener's hooks as one: each hook runs every listener's, in the order given. The list is
 * read at each call, so features plugged after the join still listen.
 */
export function joinHooks(listeners: readonly AccountHooks[]): Required<AccountHooks> {
  return {
    async addressConfirmed(tx, user, meta) {
      for (const hooks of listeners) await hooks.addressConfirmed?.(tx, user, meta);
    },
    async addressChanged(tx, user, meta) {
      for (const hooks of listeners) await hooks.addressChanged?.(tx, user, meta);
    },
    async passwordChanged(tx, user, meta) {
      for (const hooks of listeners) await hooks.passwordChanged?.(tx, user, meta);
    },
    async passwordReset(tx, user, chosen, meta) {
      for (const hooks of listeners) await hooks.passwordReset?.(tx, user, chosen, meta);
    },
    async secondFactorsReset(tx, user, options, meta) {
      const had: Record<string, unknown> = {};
      for (const hooks of listeners) Object.assign(had, await hooks.secondFactorsReset?.(tx, user, options, meta));
      return had;
    },
  };
}
