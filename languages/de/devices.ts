/** A device's name, on both sides (the dashboard's tables, the notices' mails). */
import type { Translated } from "../../src/http/catalogue.ts";
import type { DEVICE_WORDS } from "../../src/http/user-agent.ts";

export const devices: Translated<typeof DEVICE_WORDS> = {
  unknown: "Unbekanntes Gerät",
  browserOn: (browser: string, system: string): string => `${browser} unter ${system}`,
};
