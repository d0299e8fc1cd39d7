/**
 * A short, human name for a user agent string ("Safari on iOS", "Edge on Windows"): enough to
 * recognise one's own devices. Order matters: Edge and Chrome on iOS say "Safari" and "Mac OS X"
 * too, every Chromium browser says "Chrome", and an iPhone says "like Mac OS X".
 */
import { catalogue } from "./catalogue.ts";

export interface Agent {
  browser: string;
  os: string;
  /** "phone", "tablet" or "computer" ("" when unknown). */
  device: "phone" | "tablet" | "computer" | "";
}

const BROWSERS: Array<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\b(OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/(HeadlessChrome|\bCriOS|\bChrome|\bChromium)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/\bcurl\//, "curl"],
];

const SYSTEMS: Array<[RegExp, string, Agent["device"]]> = [
  [/\biPhone\b|\biPod\b/, "iOS", "phone"],
  [/\biPad\b/, "iPadOS", "tablet"],
  [/\bAndroid\b.*\bMobile\b/, "Android", "phone"],
  [/\bAndroid\b/, "Android", "tablet"],
  [/\bWindows\b/, "Windows", "computer"],
  [/\bCrOS\b/, "ChromeOS", "computer"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS", "computer"],
  [/\bLinux\b/, "Linux", "computer"],
];

export function parseAgent(agent: string | null): Agent {
  if (!agent) return { browser: "Unknown", os: "", device: "" };
  const browser = BROWSERS.find(([pattern]) => pattern.test(agent))?.[1] ?? (agent.split(/[ /]/)[0] || "Unknown");
  const system = SYSTEMS.find(([pattern]) => pattern.test(agent));
  return { browser, os: system?.[1] ?? "", device: system?.[2] ?? "" };
}

/** The words a device is named with, on both sides (the dashboard's tables, the notices' mails). */
export const DEVICE_WORDS = /* @__PURE__ */ catalogue("devices", {
  unknown: "Unknown device",
  browserOn: (browser: string, system: string): string => `${browser} on ${system}`,
} as const);

/** A device as a person reads it, in the language of the moment: "Firefox on Linux". */
export function deviceName(agent: string | null): string {
  const { browser, os } = parseAgent(agent);
  if (browser === "Unknown") return DEVICE_WORDS.unknown;
  return os ? DEVICE_WORDS.browserOn(browser, os) : browser;
}

/** The same in English, always: a device's key (sign-in/service.ts), which no language may change. */
export function describeAgent(agent: string | null): string {
  const { browser, os } = parseAgent(agent);
  return os ? `${browser} on ${os}` : browser;
}
