/**
 * What a feature of the dashboard is: its pages (routes), its entries in the navigation, what it
 * shows at the top of every signed-in page, and the words for its events. web/src/features.ts
 * composes them; each feature's folder holds its pages, its actions and its styles.
 */
import type { FunctionComponent } from "preact";
import type { AdminUser } from "../../src/admin/model.ts";
import type { AppContextValue } from "./context.ts";
import { useApp } from "./context.ts";

export interface Route {
  /** A path (`/profile`) or a pattern (`/admin/users/<uid>`). */
  path: string | RegExp;
  page: FunctionComponent;
  /** In the page's language, read when drawn. */
  title: () => string;
  /** For admins only: anybody else gets the 404 page, and no admin data is ever asked for. */
  admin?: boolean;
  /** Needs a signed-in user; otherwise /signin?next=... */
  private?: boolean;
  /** For signed-out visitors; a signed-in user goes on to the app. */
  guest?: boolean;
}

export interface NavEntry {
  href: string;
  label: () => string;
  icon: FunctionComponent;
  /** Shown to admins only (the pages themselves answer 404 to anybody else). */
  admin?: boolean;
}

export interface WebFeature {
  routes: readonly Route[];
  nav?: readonly NavEntry[];
  /** Shown above every signed-in page (a reminder to confirm the address, say). */
  banners?: readonly FunctionComponent[];
  /** Its event types in words, for the security logs. */
  eventLabels?: Readonly<Record<string, () => string>>;
  /** What it adds to other features' pages, which draw every feature's part without knowing whose. */
  parts?: {
    /** Other ways to sign in, under the sign-in and sign-up forms (another provider's button). */
    signInOptions?: readonly FunctionComponent[];
    /** Cards of the Profile page (the sign-in methods). */
    profile?: readonly FunctionComponent[];
    /** Cards of a user's admin page (their groups); `onChange` loads the user again. */
    adminUser?: readonly FunctionComponent<{ user: AdminUser; onChange(): void }>[];
  };
}

/** A feature's actions, made once over the app's (its API client, its state) the first time a page asks. */
export function featureActions<T>(make: (app: AppContextValue) => T): () => T {
  let made: T | null = null;
  return () => {
    const app = useApp();
    made ??= make(app);
    return made;
  };
}
