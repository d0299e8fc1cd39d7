import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";
import { PAGES } from "../../router.ts";
import { SignIn } from "./SignIn.tsx";

/** Signing in: the password (and the second step in the same page), or a passkey. */
export const signIn: WebFeature = {
  routes: [
    { path: PAGES.signIn, page: SignIn, title: "Sign in", guest: true },
    {
      path: "/step-up",
      page: lazyPage("Confirm it is you", () => import("./StepUp.tsx").then((m) => m.StepUp)),
      title: "Confirm it is you",
      private: true,
    },
  ],
  eventLabels: {
    login: "Signed in",
    login_failed: "Failed sign-in",
    mfa_failed: "Wrong two-factor code",
  },
};
