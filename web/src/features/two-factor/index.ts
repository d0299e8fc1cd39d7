import { ShieldIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";

/** The Security page: an authenticator app, recovery codes, passkeys. */
export const twoFactor: WebFeature = {
  routes: [
    {
      path: "/security",
      page: lazyPage("Security", () => import("./Security.tsx").then((m) => m.Security)),
      title: "Security",
      private: true,
    },
  ],
  nav: [{ href: "/security", label: "Security", icon: ShieldIcon }],
  eventLabels: {
    totp_enabled: "Authenticator app set up",
    totp_disabled: "Authenticator app removed",
    recovery_codes_regenerated: "New recovery codes",
    recovery_code_used: "Recovery code used",
    passkey_added: "Passkey added",
    passkey_removed: "Passkey removed",
    two_factor_reset: "Two-factor reset by an admin",
    device_remembered: "Device remembered for the code",
    device_forgotten: "Remembered device forgotten",
  },
};
