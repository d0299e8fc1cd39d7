import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";
import { PAGES } from "../../router.ts";
import { SIGN_IN_EVENTS as E } from "./labels.ts";
import { SIGN_IN_TEXT as T } from "./messages.ts";
import { SignIn } from "./SignIn.tsx";

/** Signing in: the password (and the second step in the same page), or a passkey. */
export const signIn: WebFeature = {
  routes: [
    { path: PAGES.signIn, page: SignIn, title: () => T.signIn, guest: true },
    {
      path: "/step-up",
      page: lazyPage(
        () => T.stepUpTitle,
        () => import("./StepUp.tsx").then((m) => m.StepUp),
      ),
      title: () => T.stepUpTitle,
      private: true,
    },
  ],
  eventLabels: {
    login: () => E.eventLogin,
    login_failed: () => E.eventLoginFailed,
    mfa_failed: () => E.eventMfaFailed,
  },
};
