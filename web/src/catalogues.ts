/**
 * Every catalogue of the dashboard's sentences, by the name it was made with (English), in two
 * parts: what the first page says (FIRST), and what the pages past it say (PAGES, loaded with
 * them). A language translates each part in its own file (languages/<code>/dashboard.ts and
 * pages.ts: a missing sentence does not compile), so a browser fetches the second only when it
 * opens such a page. The validation phrases and a device's name are the server's too.
 */
import type { Sentences, Translated } from "../../src/http/catalogue.ts";
import { FIELD_MESSAGES } from "../../src/http/messages.ts";
import { DEVICE_WORDS } from "../../src/http/user-agent.ts";
import { STRENGTH_WORDS } from "../../src/users/validation.ts";
import { ACCESS_LABELS } from "./features/access/labels.ts";
import { ACCESS_TEXT } from "./features/access/messages.ts";
import { ACCOUNT_EVENTS, ACCOUNT_LABELS } from "./features/account/labels.ts";
import { ACCOUNT_TEXT } from "./features/account/messages.ts";
import { ADMIN_EVENTS, ADMIN_LABELS } from "./features/admin/labels.ts";
import { ADMIN_TEXT } from "./features/admin/messages.ts";
import { EMAIL_EVENTS, EMAIL_LABELS } from "./features/email/labels.ts";
import { EMAIL_TEXT } from "./features/email/messages.ts";
import { OIDC_LABELS } from "./features/oidc/labels.ts";
import { OIDC_TEXT } from "./features/oidc/messages.ts";
import { SESSION_EVENTS, SESSION_LABELS } from "./features/session/labels.ts";
import { SESSION_TEXT } from "./features/session/messages.ts";
import { SIGN_IN_EVENTS } from "./features/sign-in/labels.ts";
import { SIGN_IN_TEXT } from "./features/sign-in/messages.ts";
import { STEPS_TEXT } from "./features/sign-in/steps-messages.ts";
import { TWO_FACTOR_EVENTS, TWO_FACTOR_LABELS } from "./features/two-factor/labels.ts";
import { TWO_FACTOR_TEXT } from "./features/two-factor/messages.ts";
import { UPSTREAM_EVENTS, UPSTREAM_LABELS } from "./features/upstream/labels.ts";
import { UPSTREAM_TEXT } from "./features/upstream/messages.ts";
import { APP_MESSAGES } from "./messages.ts";
import { PAGE_MESSAGES } from "./page-messages.ts";
import { PASSKEY_MESSAGES } from "./passkey-messages.ts";

/** What the first page says (every feature's names of its pages and events too). */
export const FIRST_CATALOGUES = {
  fields: FIELD_MESSAGES,
  web: APP_MESSAGES,
  "web/sign-in": SIGN_IN_TEXT,
  "web/access/labels": ACCESS_LABELS,
  "web/account/labels": ACCOUNT_LABELS,
  "web/admin/labels": ADMIN_LABELS,
  "web/email/labels": EMAIL_LABELS,
  "web/oidc/labels": OIDC_LABELS,
  "web/session/labels": SESSION_LABELS,
  "web/two-factor/labels": TWO_FACTOR_LABELS,
  "web/upstream/labels": UPSTREAM_LABELS,
} as const;

/** What the pages past the first say. */
export const PAGE_CATALOGUES = {
  devices: DEVICE_WORDS,
  strength: STRENGTH_WORDS,
  "web/pages": PAGE_MESSAGES,
  "web/passkeys": PASSKEY_MESSAGES,
  "web/sign-in/steps": STEPS_TEXT,
  "web/sign-in/events": SIGN_IN_EVENTS,
  "web/account/events": ACCOUNT_EVENTS,
  "web/admin/events": ADMIN_EVENTS,
  "web/email/events": EMAIL_EVENTS,
  "web/session/events": SESSION_EVENTS,
  "web/two-factor/events": TWO_FACTOR_EVENTS,
  "web/upstream/events": UPSTREAM_EVENTS,
  "web/account": ACCOUNT_TEXT,
  "web/email": EMAIL_TEXT,
  "web/session": SESSION_TEXT,
  "web/two-factor": TWO_FACTOR_TEXT,
  "web/upstream": UPSTREAM_TEXT,
  "web/oidc": OIDC_TEXT,
  "web/admin": ADMIN_TEXT,
  "web/access": ACCESS_TEXT,
} as const;

export const DASHBOARD_CATALOGUES = { ...FIRST_CATALOGUES, ...PAGE_CATALOGUES } as const;

type Translation<C extends Record<string, Sentences>> = { readonly [N in keyof C]: Translated<C[N]> };

/** A language's translation of the first page's sentences (languages/<code>/dashboard.ts). */
export type FirstCatalogue = Translation<typeof FIRST_CATALOGUES>;
/** A language's translation of the other pages' sentences (languages/<code>/pages.ts). */
export type PagesCatalogue = Translation<typeof PAGE_CATALOGUES>;
