/**
 * Debian's Chromium (never a downloaded browser), driven by playwright-core: headless, with the
 * flags this closed network needs and a fresh profile directory for every context.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = join(import.meta.dir, "..", "screenshots");

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 375, height: 812 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

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
  close(): Promise<void>;
}

export async function openBrowser(viewport: ViewportName): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), "datta-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: VIEWPORTS[viewport],
    isMobile: viewport === "mobile",
    hasTouch: viewport === "mobile",
    locale: "en-GB",
    // Screenshots show settled pages, not a sidebar halfway through its slide.
    reducedMotion: "reduce",
    timezoneId: "UTC",
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
      await page.screenshot({ path: join(SCREENSHOTS, `${viewport}-${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}
