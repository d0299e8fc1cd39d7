/**
 * Every catalogue of the server's sentences, by the name it was made with (English), and the shape a
 * language's translation of them takes (languages/<code>/server.ts).
 */
import { ACCESS_MESSAGES } from "./access/messages.ts";
import { ACCOUNT_MESSAGES } from "./account/messages.ts";
import { ADMIN_MESSAGES } from "./admin/messages.ts";
import { EMAIL_MESSAGES } from "./email/messages.ts";
import { MAIL_MESSAGES } from "./email/templates.ts";
import { FORWARD_AUTH_MESSAGES } from "./forward-auth/messages.ts";
import type { Translated } from "./http/catalogue.ts";
import { FIELD_MESSAGES, MESSAGES, REQUEST_FIELD_MESSAGES } from "./http/messages.ts";
import { DEVICE_WORDS } from "./http/user-agent.ts";
import { OIDC_MESSAGES, SCOPE_WORDS } from "./oidc/messages.ts";
import { SIGN_IN_MESSAGES } from "./sign-in/messages.ts";
import { TWO_FACTOR_MESSAGES } from "./two-factor/messages.ts";
import { UPSTREAM_MESSAGES } from "./upstream/messages.ts";

/** Every catalogue of the server, by the name it was made with. */
export const SERVER_CATALOGUES = {
  http: MESSAGES,
  fields: FIELD_MESSAGES,
  devices: DEVICE_WORDS,
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
