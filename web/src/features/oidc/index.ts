import { KeyIcon, LinkIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";
import { OIDC_LABELS as T } from "./labels.ts";

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
      page: lazyPage(
        () => T.allowAccess,
        () => import("./Consent.tsx").then((m) => m.Consent),
      ),
      title: () => T.allowAccess,
      private: true,
    },
    {
      path: "/apps",
      page: lazyPage(
        () => T.connectedApps,
        () => import("./ConnectedApps.tsx").then((m) => m.ConnectedApps),
      ),
      title: () => T.connectedApps,
      private: true,
    },
    {
      path: "/admin/clients",
      page: lazyPage(
        () => T.adminApplications,
        () => import("./AdminClients.tsx").then((m) => m.AdminClients),
      ),
      title: () => T.applications,
      private: true,
      admin: true,
    },
  ],
  nav: [
    { href: "/apps", label: () => T.connectedApps, icon: LinkIcon },
    { href: "/admin/clients", label: () => T.applications, icon: KeyIcon, admin: true },
  ],
};
