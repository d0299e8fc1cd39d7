/**
 * ADMIN_EMAILS: the admin role follows proof of the address, never a claim to it.
 *
 *   granted    when a listed address is confirmed (a confirmation link, or a reset link mailed to
 *              it), and at start to accounts whose listed address is already confirmed
 *   not        at sign-up, nor by moving an account's address onto a listed one: an unconfirmed
 *              account with a listed address, in any letter case, is a `user`
 *   withdrawn  when the address it was granted for changes (until a listed one is confirmed again),
 *              and at start from an account whose listed address is not confirmed
 *
 * A role granted this way is marked `admin_source = 'admin_emails'`; a grant by an admin or by
 * `admin grant` is `explicit` and stays whatever the address does. Each grant and withdrawal writes
 * the user's `role_changed` event and an audit entry by "ADMIN_EMAILS", in the caller's transaction.
 */

import type { RequestMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";
import { recordEvent } from "../users/events.ts";
import type { AccountHooks } from "../users/hooks.ts";
import { writeAudit } from "./writes.ts";

type Changed = { id: string | number | bigint; stable_id: string; email: string };

const NOBODY: RequestMeta = { ip: null, userAgent: null };

export function adminEmailRoles(adminEmails: readonly string[]): AccountHooks & {
  /** At start: every account brought in line with the list (and the rule above). */
  reconcile(sql: Sql): Promise<{ granted: number; withdrawn: number }>;
} {
  const listed = new Set(adminEmails.map((email) => email.trim().toLowerCase()).filter(Boolean));

  const record = async (tx: Sql, rows: readonly Changed[], from: string, to: string, meta: RequestMeta) => {
    for (const row of rows) {
      await recordEvent(tx, String(row.id), "role_changed", meta);
      await writeAudit(tx, "ADMIN_EMAILS", "role_changed", row, meta, { from, to });
    }
  };

  /** The role, for the account whose confirmed address is `email` (a listed one), if it is not an admin yet. */
  const grant = async (tx: Sql, email: string, meta: RequestMeta): Promise<number> => {
    const rows = await tx<Changed>`
      update users set role = 'admin', admin_source = 'admin_emails', updated_at = now()
      where lower(email) = ${email} and email_verified and role <> 'admin'
      returning id, stable_id, email
    `;
    await record(tx, rows, "user", "admin", meta);
    return rows.length;
  };

  return {
    async addressConfirmed(tx, user, meta) {
      const email = user.email.toLowerCase();
      if (listed.has(email)) await grant(tx, email, meta);
    },

    async addressChanged(tx, user, meta) {
      const rows = await tx<Changed>`
        update users set role = 'user', admin_source = null, updated_at = now()
        where id = ${user.id} and role = 'admin' and admin_source = 'admin_emails'
        returning id, stable_id, email
      `;
      await record(tx, rows, "admin", "user", meta);
    },

    reconcile: (sql) =>
      sql.begin(async (tx) => {
        await tx`select id from users where role = 'admin' order by id for update`;
        // Admins from before roles had a source: those with a listed address count as granted by
        // the list (the rule below then applies to them), the others as explicit grants.
        const legacy = await tx<{ id: string | number | bigint; email: string }>`
          select id, email from users where role = 'admin' and admin_source is null
        `;
        for (const row of legacy) {
          const source = listed.has(row.email.toLowerCase()) ? "admin_emails" : "explicit";
          await tx`update users set admin_source = ${source} where id = ${String(row.id)}`;
        }
        const withdrawn = await tx<Changed>`
          update users set role = 'user', admin_source = null, updated_at = now()
          where role = 'admin' and admin_source = 'admin_emails' and not email_verified
          returning id, stable_id, email
        `;
        await record(tx, withdrawn, "admin", "user", NOBODY);
        let granted = 0;
        for (const email of listed) granted += await grant(tx, email, NOBODY);
        return { granted, withdrawn: withdrawn.length };
      }),
  };
}
