/**
 * The dashboard's features, in the order of the navigation. Adding one is a line here (and its
 * folder: its pages, actions and styles, and its index.ts saying what it adds).
 */
import type { Route } from "./feature.ts";
import { access } from "./features/access/index.ts";
import { account } from "./features/account/index.ts";
import { admin } from "./features/admin/index.ts";
import { email } from "./features/email/index.ts";
import { connectedApps } from "./features/oidc/index.ts";
import { sessions } from "./features/session/index.ts";
import { signIn } from "./features/sign-in/index.ts";
import { twoFactor } from "./features/two-factor/index.ts";
import { upstream } from "./features/upstream/index.ts";

export const FEATURES = [signIn, account, email, sessions, twoFactor, upstream, connectedApps, admin, access];

const ROUTES = FEATURES.flatMap((feature) => feature.routes);
export const NAV = FEATURES.flatMap((feature) => feature.nav ?? []);
export const BANNERS = FEATURES.flatMap((feature) => feature.banners ?? []);
/** Every feature's parts of other features' pages (read when a page is drawn, not when this loads). */
export const PARTS = {
  signInOptions: FEATURES.flatMap((feature) => feature.parts?.signInOptions ?? []),
  profile: FEATURES.flatMap((feature) => feature.parts?.profile ?? []),
  adminUser: FEATURES.flatMap((feature) => feature.parts?.adminUser ?? []),
};
const EVENT_LABELS: Record<string, () => string> = Object.assign({}, ...FEATURES.map((feature) => feature.eventLabels));

/** The route of a path (without its query), if it is one of the dashboard's pages. */
export function routeOf(pathname: string): Route | undefined {
  return ROUTES.find((route) => (typeof route.path === "string" ? route.path === pathname : route.path.test(pathname)));
}

/** Whether a path (with its query, maybe) is one of the dashboard's pages; anything else is the server's or the proxy's. */
export const isPage = (path: string): boolean => routeOf(path.split(/[?#]/)[0] || "/") !== undefined;

/** An event type in words (its type itself for one no feature names). */
export const eventLabel = (type: string): string => EVENT_LABELS[type]?.() ?? type;
