import { HomeIcon, UserIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";
import { PAGES } from "../../router.ts";

/** The account: the dashboard, the profile, signing up. */
export const account: WebFeature = {
  routes: [
    {
      path: PAGES.dashboard,
      page: lazyPage("Dashboard", () => import("./Dashboard.tsx").then((m) => m.Dashboard)),
      title: "Dashboard",
      private: true,
    },
    {
      path: "/profile",
      page: lazyPage("Profile", () => import("./Profile.tsx").then((m) => m.Profile)),
      title: "Profile",
      private: true,
    },
    // Loaded when opened: the first load is the sign-in page's.
    {
      path: PAGES.signUp,
      page: lazyPage("Sign up", () => import("./SignUp.tsx").then((m) => m.SignUp)),
      title: "Sign up",
      guest: true,
    },
  ],
  nav: [
    { href: PAGES.dashboard, label: "Dashboard", icon: HomeIcon },
    { href: "/profile", label: "Profile", icon: UserIcon },
  ],
  eventLabels: {
    signup: "Account created",
    logout: "Signed out",
    password_changed: "Password changed",
    profile_updated: "Profile updated",
  },
};
