import { KeyIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";
import { ADMIN_EVENTS as E, ADMIN_LABELS as T } from "./labels.ts";

/** The admin's page of one user: /admin/users/<uid>. */
export const ADMIN_USER = /^\/admin\/users\/([0-9a-f-]{36})$/i;

/** The admin console: users, one user, the audit log; for admins only. */
export const admin: WebFeature = {
  routes: [
    {
      path: "/admin",
      page: lazyPage(
        () => T.admin,
        () => import("./Admin.tsx").then((m) => m.AdminUsers),
      ),
      title: () => T.admin,
      private: true,
      admin: true,
    },
    {
      path: "/admin/audit",
      page: lazyPage(
        () => T.adminAuditLog,
        () => import("./AdminAudit.tsx").then((m) => m.AdminAudit),
      ),
      title: () => T.auditLog,
      private: true,
      admin: true,
    },
    {
      path: ADMIN_USER,
      page: lazyPage(
        () => T.adminUser,
        () => import("./AdminUser.tsx").then((m) => m.AdminUserPage),
      ),
      title: () => T.user,
      private: true,
      admin: true,
    },
  ],
  nav: [{ href: "/admin", label: () => T.admin, icon: KeyIcon, admin: true }],
  eventLabels: {
    account_locked: () => E.eventLocked,
    account_unlocked: () => E.eventUnlocked,
    role_changed: () => E.eventRoleChanged,
  },
};
