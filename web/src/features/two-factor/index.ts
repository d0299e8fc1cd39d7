import { ShieldIcon } from "../../components/icons.tsx";
import type { WebFeature } from "../../feature.ts";
import { lazyPage } from "../../lazy.tsx";
import { TWO_FACTOR_EVENTS as E, TWO_FACTOR_LABELS as T } from "./labels.ts";

/** The Security page: an authenticator app, recovery codes, passkeys. */
export const twoFactor: WebFeature = {
  routes: [
    {
      path: "/security",
      page: lazyPage(
        () => T.security,
        () => import("./Security.tsx").then((m) => m.Security),
      ),
      title: () => T.security,
      private: true,
    },
  ],
  nav: [{ href: "/security", label: () => T.security, icon: ShieldIcon }],
  eventLabels: {
    totp_enabled: () => E.eventTotpEnabled,
    totp_disabled: () => E.eventTotpDisabled,
    recovery_codes_regenerated: () => E.eventCodesRegenerated,
    recovery_code_used: () => E.eventCodeUsed,
    passkey_added: () => E.eventPasskeyAdded,
    passkey_removed: () => E.eventPasskeyRemoved,
    two_factor_reset: () => E.eventReset,
    device_remembered: () => E.eventDeviceRemembered,
    device_forgotten: () => E.eventDeviceForgotten,
  },
};
