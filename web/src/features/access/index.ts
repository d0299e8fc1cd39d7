import { KeyIcon, ShieldIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage, lazyPart } from "../../lazy.tsx";
import { ACCESS_LABELS as T } from "./labels.ts";

/**
 * Who may reach which service, for admins: the groups (made, renamed, deleted, their members), the
 * access rules in force with "Who can reach this?", and a user's groups on their admin page.
 */
export const access: WebFeature = {
  routes: [
    {
      path: "/admin/groups",
      page: lazyPage(
        () => T.adminGroups,
        () => import("./Groups.tsx").then((m) => m.Groups),
      ),
      title: () => T.groups,
      private: true,
      admin: true,
    },
    {
      path: "/admin/access",
      page: lazyPage(
        () => T.adminAccessRules,
        () => import("./AccessRules.tsx").then((m) => m.AccessRules),
      ),
      title: () => T.accessRules,
      private: true,
      admin: true,
    },
  ],
  nav: [
    { href: "/admin/groups", label: () => T.groups, icon: KeyIcon, admin: true },
    { href: "/admin/access", label: () => T.accessRules, icon: ShieldIcon, admin: true },
  ],
  parts: {
    adminUser: [lazyPart(() => import("./UserGroups.tsx").then((m) => m.UserGroups))],
  },
};
