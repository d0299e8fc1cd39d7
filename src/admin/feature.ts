/**
 * Admin: the console (find, read, lock, sign out, change the role of, delete users), the help desk,
 * the audit log, and ADMIN_EMAILS. It plugs into sign-in the guard that keeps a locked account out,
 * and into the account's life the role that follows a confirmed address on the list.
 */
import { Elysia } from "elysia";
import { feature } from "../kit.ts";
import type { Blocklist } from "../platform/store/store.ts";
import type { SessionRecords } from "../session/records.ts";
import { adminEmailRoles } from "./admin-emails.ts";
import { auditRoutes } from "./audit.ts";
import { helpDeskConfirmRoutes, helpDeskRoutes } from "./help-desk.ts";
import { ADMIN_MESSAGES } from "./messages.ts";
import { lockedAccounts } from "./projection.ts";
import { createAdminRepository } from "./repository.ts";
import { userReadRoutes, userWriteRoutes } from "./routes.ts";

export interface AdminDeps {
  /** ADMIN_EMAILS: an account gets the admin role when it confirms one of these addresses. */
  adminEmails: readonly string[];
  records: SessionRecords;
  /** Where one session is ended on every replica (the help desk). */
  blocklist: Blocklist;
}

export function adminFeature({ adminEmails, records, blocklist }: AdminDeps) {
  return feature({
    name: "admin",
    events: ["account_locked", "account_unlocked", "role_changed"],
    messages: ADMIN_MESSAGES,
    plug: (kit) => {
      const repo = createAdminRepository(kit.sql);
      return {
        hooks: adminEmailRoles(adminEmails),
        signIn: { guards: [lockedAccounts] },
        routes: () =>
          new Elysia()
            .use(userReadRoutes({ kit, repo, records }))
            .use(userWriteRoutes({ kit, repo, records }))
            .use(helpDeskRoutes({ kit, repo, blocklist }))
            .use(helpDeskConfirmRoutes({ kit, repo, blocklist }))
            .use(auditRoutes(kit, repo)),
      };
    },
  });
}
