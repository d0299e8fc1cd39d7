/** The names this feature gives its pages (read when the first page is drawn) and its events (read with the logs). */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const TWO_FACTOR_LABELS = /* @__PURE__ */ catalogue("web/two-factor/labels", {
  security: "Security",
} as const);

/** Its events' names: their translations come with the pages that show logs. */
export const TWO_FACTOR_EVENTS = /* @__PURE__ */ catalogue("web/two-factor/events", {
  eventTotpDisabled: "Authenticator app removed",
  eventCodesRegenerated: "New recovery codes",
  eventCodeUsed: "Recovery code used",
  eventPasskeyAdded: "Passkey added",
  eventPasskeyRemoved: "Passkey removed",
  eventReset: "Two-factor reset by an admin",
  eventDeviceRemembered: "Device remembered for the code",
  eventDeviceForgotten: "Remembered device forgotten",
  eventTotpEnabled: "Authenticator app set up",
} as const);
