import { HomeIcon, UserIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";
import { PAGES } from "../../router.ts";
import { ACCOUNT_EVENTS as E, ACCOUNT_LABELS as T } from "./labels.ts";

/** The account: the dashboard, the profile, signing up. */
export const account: WebFeature = {
  routes: [
    {
      path: PAGES.dashboard,
      page: lazyPage(
        () => T.dashboard,
        () => import("./Dashboard.tsx").then((m) => m.Dashboard),
      ),
      title: () => T.dashboard,
      private: true,
    },
    {
      path: "/profile",
      page: lazyPage(
        () => T.profile,
        () => import("./Profile.tsx").then((m) => m.Profile),
      ),
      title: () => T.profile,
      private: true,
    },
    // Loaded when opened: the first load is the sign-in page's.
    {
      path: PAGES.signUp,
      page: lazyPage(
        () => T.signUp,
        () => import("./SignUp.tsx").then((m) => m.SignUp),
      ),
      title: () => T.signUp,
      guest: true,
    },
  ],
  nav: [
    { href: PAGES.dashboard, label: () => T.dashboard, icon: HomeIcon },
    { href: "/profile", label: () => T.profile, icon: UserIcon },
  ],
  eventLabels: {
    signup: () => E.eventSignup,
    logout: () => E.eventLogout,
    password_changed: () => E.eventPasswordChanged,
    profile_updated: () => E.eventProfileUpdated,
  },
};
