import { DevicesIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";
import { SESSION_EVENTS as E, SESSION_LABELS as T } from "./labels.ts";

/** Where the account is signed in, and signing any of it out. */
export const sessions: WebFeature = {
  routes: [
    {
      path: "/sessions",
      page: lazyPage(
        () => T.sessions,
        () => import("./Sessions.tsx").then((m) => m.Sessions),
      ),
      title: () => T.sessions,
      private: true,
    },
  ],
  nav: [{ href: "/sessions", label: () => T.sessions, icon: DevicesIcon }],
  eventLabels: {
    session_revoked: () => E.eventSessionRevoked,
    sessions_revoked: () => E.eventSessionsRevoked,
  },
};
