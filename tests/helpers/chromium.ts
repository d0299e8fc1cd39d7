/**
 * Debian's Chromium (never a downloaded browser), driven by playwright-core: headless, with the
 * flags this closed network needs and a fresh profile directory for every context.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import axe from "axe-core";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = join(import.meta.dir, "..", "screenshots");

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 375, height: 812 },
  /** The narrowest phone a page must fit without scrolling sideways. */
  narrow: { width: 320, height: 640 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;
export type ThemeName = "light" | "dark";

/** One axe-core finding, reduced to what a failing test should print. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Script errors and console errors seen so far (a CSP violation shows up here). */
  problems: string[];
  shot(name: string): Promise<void>;
  /** axe-core's WCAG 2.2 A/AA rules on the page as it is now: the violations (none, we hope). */
  axe(): Promise<Violation[]>;
  close(): Promise<void>;
}

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

export interface BrowserOptions {
  timezoneId?: string;
  userAgent?: string;
  /** The browser's language (its navigator.languages and Accept-Language); en-GB unless said. */
  locale?: string;
}

export async function openBrowser(
  viewport: ViewportName,
  theme: ThemeName = "light",
  options: BrowserOptions = {},
): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), "datta-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: VIEWPORTS[viewport],
    isMobile: viewport !== "desktop",
    hasTouch: viewport !== "desktop",
    locale: options.locale ?? "en-GB",
    // Screenshots show settled pages, not a sidebar halfway through its slide.
    reducedMotion: "reduce",
    colorScheme: theme,
    timezoneId: options.timezoneId ?? "UTC",
    userAgent: options.userAgent,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on("console", (message) => {
    // Chromium logs every 4xx answer as "Failed to load resource"; those are expected here.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(String(error)));
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    problems,
    shot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${viewport}-${theme}-${name}.png`), fullPage: true });
    },
    async axe() {
      // Injected through the DevTools protocol, which the page's CSP does not govern.
      if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
      return page.evaluate(async (tags) => {
        const run = (window as unknown as { axe: typeof axe }).axe;
        const result = await run.run(document, { runOnly: { type: "tag", values: tags } });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          targets: v.nodes.map((n) => String(n.target.join(" "))).slice(0, 5),
        }));
      }, AXE_TAGS);
    },
    close: () => context.close(),
  };
}

/** A virtual platform authenticator (resident keys, user verification) in this page's browser. */
export async function addVirtualAuthenticator(b: Pick<BrowserSession, "context" | "page">): Promise<{
  setPresence(on: boolean): Promise<void>;
  forget(credentialId: string): Promise<void>;
  clear(): Promise<void>;
}> {
  const cdp = await b.context.newCDPSession(b.page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    /** Whether the authenticator answers by itself, as a user touching it at once would. */
    async setPresence(on) {
      await cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId, enabled: on });
    },
    /** Removes a credential (its id as the JSON answers carry it, base64url) from the authenticator. */
    async forget(credentialId) {
      const id = Buffer.from(credentialId, "base64url").toString("base64");
      await cdp.send("WebAuthn.removeCredential", { authenticatorId, credentialId: id });
    },
    /** Removes every credential: the device the passkeys were on is gone (a new one in its place). */
    async clear() {
      await cdp.send("WebAuthn.clearCredentials", { authenticatorId });
    },
  };
}

/** Signs in on the sign-in page with a password, as a person would, and waits for the dashboard. */
export async function signInWithPassword(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(`${baseUrl}/`);
}
