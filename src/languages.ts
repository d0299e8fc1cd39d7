/**
 * The languages the server speaks besides English: each folder of languages/ translates every
 * catalogue of the server (languages/<code>/server.ts, typed by ServerCatalogue: a missing sentence
 * does not compile) and of the dashboard. Installed once, on import.
 */

import de from "../languages/de/server.ts";
import es from "../languages/es/server.ts";
import fr from "../languages/fr/server.ts";
import ptBR from "../languages/pt-BR/server.ts";
import zhHans from "../languages/zh-Hans/server.ts";
import { ACCESS_MESSAGES } from "./access/messages.ts";
import { ACCOUNT_MESSAGES } from "./account/messages.ts";
import { ADMIN_MESSAGES } from "./admin/messages.ts";
import { EMAIL_MESSAGES } from "./email/messages.ts";
import { MAIL_MESSAGES } from "./email/templates.ts";
import { FORWARD_AUTH_MESSAGES } from "./forward-auth/messages.ts";
import { installTranslations, type Language, type Translated } from "./http/catalogue.ts";
import { FIELD_MESSAGES, MESSAGES, REQUEST_FIELD_MESSAGES } from "./http/messages.ts";
import { OIDC_MESSAGES, SCOPE_WORDS } from "./oidc/messages.ts";
import { SIGN_IN_MESSAGES } from "./sign-in/messages.ts";
import { TWO_FACTOR_MESSAGES } from "./two-factor/messages.ts";
import { UPSTREAM_MESSAGES } from "./upstream/messages.ts";

/** Every catalogue of the server, by the name it was made with. */
export const SERVER_CATALOGUES = {
  http: MESSAGES,
  fields: FIELD_MESSAGES,
  "request-fields": REQUEST_FIELD_MESSAGES,
  access: ACCESS_MESSAGES,
  account: ACCOUNT_MESSAGES,
  admin: ADMIN_MESSAGES,
  email: EMAIL_MESSAGES,
  mail: MAIL_MESSAGES,
  "forward-auth": FORWARD_AUTH_MESSAGES,
  oidc: OIDC_MESSAGES,
  "oidc-scopes": SCOPE_WORDS,
  "sign-in": SIGN_IN_MESSAGES,
  "two-factor": TWO_FACTOR_MESSAGES,
  upstream: UPSTREAM_MESSAGES,
} as const;

/** A language's translation of the server: every catalogue, every sentence. */
export type ServerCatalogue = {
  readonly [N in keyof typeof SERVER_CATALOGUES]: Translated<(typeof SERVER_CATALOGUES)[N]>;
};

export const SERVER_TRANSLATIONS: Readonly<Partial<Record<Language, ServerCatalogue>>> = {
  de,
  fr,
  es,
  "pt-BR": ptBR,
  "zh-Hans": zhHans,
};

for (const [language, catalogue] of Object.entries(SERVER_TRANSLATIONS)) {
  installTranslations(language as Language, catalogue as unknown as Record<string, never>);
}
