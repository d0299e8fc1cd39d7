import { KeyIcon, ShieldIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage, lazyPart } from "../../lazy.tsx";

/**
 * Who may reach which service, for admins: the groups (made, renamed, deleted, their members), the
 * access rules in force with "Who can reach this?", and a user's groups on their admin page.
 */
export const access: WebFeature = {
  routes: [
    {
      path: "/admin/groups",
      page: lazyPage("Admin · groups", () => import("./Groups.tsx").then((m) => m.Groups)),
      title: "Groups",
      private: true,
      admin: true,
    },
    {
      path: "/admin/access",
      page: lazyPage("Admin · access rules", () => import("./AccessRules.tsx").then((m) => m.AccessRules)),
      title: "Access rules",
      private: true,
      admin: true,
    },
  ],
  nav: [
    { href: "/admin/groups", label: "Groups", icon: KeyIcon, admin: true },
    { href: "/admin/access", label: "Access rules", icon: ShieldIcon, admin: true },
  ],
  parts: {
    adminUser: [lazyPart(() => import("./UserGroups.tsx").then((m) => m.UserGroups))],
  },
};
