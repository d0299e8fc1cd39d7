import type { WebFeature } from "../../feature.ts";
import { lazyPage, lazyPart } from "../../lazy.tsx";
import { EMAIL_EVENTS as E, EMAIL_LABELS as T } from "./labels.ts";

/** The mailed links: forgot password, a new password with a reset link, confirming an address. */
export const email: WebFeature = {
  // Opened from a mail, signed in or not.
  routes: [
    {
      path: "/forgot-password",
      page: lazyPage(
        () => T.forgotPassword,
        () => import("./ForgotPassword.tsx").then((m) => m.ForgotPassword),
      ),
      title: () => T.forgotPassword,
    },
    {
      path: "/reset-password",
      page: lazyPage(
        () => T.newPassword,
        () => import("./ResetPassword.tsx").then((m) => m.ResetPassword),
      ),
      title: () => T.newPassword,
    },
    {
      path: "/verify-email",
      page: lazyPage(
        () => T.confirmAddress,
        () => import("./VerifyEmail.tsx").then((m) => m.VerifyEmail),
      ),
      title: () => T.confirmAddress,
    },
  ],
  banners: [lazyPart(() => import("./VerifyBanner.tsx").then((m) => m.VerifyBanner))],
  eventLabels: {
    password_reset_requested: () => E.eventResetRequested,
    password_reset: () => E.eventReset,
    email_verified: () => E.eventVerified,
  },
};
