import { DevicesIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";

/** Where the account is signed in, and signing any of it out. */
export const sessions: WebFeature = {
  routes: [
    {
      path: "/sessions",
      page: lazyPage("Sessions", () => import("./Sessions.tsx").then((m) => m.Sessions)),
      title: "Sessions",
      private: true,
    },
  ],
  nav: [{ href: "/sessions", label: "Sessions", icon: DevicesIcon }],
  eventLabels: {
    session_revoked: "Device signed out",
    sessions_revoked: "Other devices signed out",
  },
};
