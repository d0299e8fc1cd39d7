import { KeyIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";

/** The admin's page of one user: /admin/users/<uid>. */
export const ADMIN_USER = /^\/admin\/users\/([0-9a-f-]{36})$/i;

/** The admin console: users, one user, the audit log; for admins only. */
export const admin: WebFeature = {
  routes: [
    {
      path: "/admin",
      page: lazyPage("Admin", () => import("./Admin.tsx").then((m) => m.AdminUsers)),
      title: "Admin",
      private: true,
      admin: true,
    },
    {
      path: "/admin/audit",
      page: lazyPage("Admin · audit log", () => import("./AdminAudit.tsx").then((m) => m.AdminAudit)),
      title: "Audit log",
      private: true,
      admin: true,
    },
    {
      path: ADMIN_USER,
      page: lazyPage("Admin · user", () => import("./AdminUser.tsx").then((m) => m.AdminUserPage)),
      title: "User",
      private: true,
      admin: true,
    },
  ],
  nav: [{ href: "/admin", label: "Admin", icon: KeyIcon, admin: true }],
  eventLabels: {
    account_locked: "Locked by an admin",
    account_unlocked: "Unlocked by an admin",
    role_changed: "Role changed by an admin",
  },
};
