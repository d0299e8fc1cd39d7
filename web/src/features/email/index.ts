import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";
import { VerifyBanner } from "./VerifyBanner.tsx";

/** The mailed links: forgot password, a new password with a reset link, confirming an address. */
export const email: WebFeature = {
  // Opened from a mail, signed in or not.
  routes: [
    {
      path: "/forgot-password",
      page: lazyPage("Forgot password", () => import("./ForgotPassword.tsx").then((m) => m.ForgotPassword)),
      title: "Forgot password",
    },
    {
      path: "/reset-password",
      page: lazyPage("Choose a new password", () => import("./ResetPassword.tsx").then((m) => m.ResetPassword)),
      title: "Choose a new password",
    },
    {
      path: "/verify-email",
      page: lazyPage("Confirm your e-mail address", () => import("./VerifyEmail.tsx").then((m) => m.VerifyEmail)),
      title: "Confirm your e-mail address",
    },
  ],
  banners: [VerifyBanner],
  eventLabels: {
    password_reset_requested: "Password reset asked for",
    password_reset: "Password reset by e-mail",
    email_verified: "E-mail address confirmed",
  },
};
