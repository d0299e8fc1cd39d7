import { KeyIcon, LinkIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";

/** An application's request waiting for the user's answer: /consent/<uid>. */
export const CONSENT = /^\/consent\/([A-Za-z0-9_-]{1,64})$/;

/**
 * The OpenID provider's pages: what an application asks (Allow / Deny), the applications the user
 * allowed (each can be disconnected), and, for admins, the applications registered.
 */
export const connectedApps: WebFeature = {
  routes: [
    {
      path: CONSENT,
      page: lazyPage("Allow access", () => import("./Consent.tsx").then((m) => m.Consent)),
      title: "Allow access",
      private: true,
    },
    {
      path: "/apps",
      page: lazyPage("Connected apps", () => import("./ConnectedApps.tsx").then((m) => m.ConnectedApps)),
      title: "Connected apps",
      private: true,
    },
    {
      path: "/admin/clients",
      page: lazyPage("Admin · applications", () => import("./AdminClients.tsx").then((m) => m.AdminClients)),
      title: "Applications",
      private: true,
      admin: true,
    },
  ],
  nav: [
    { href: "/apps", label: "Connected apps", icon: LinkIcon },
    { href: "/admin/clients", label: "Applications", icon: KeyIcon, admin: true },
  ],
};
