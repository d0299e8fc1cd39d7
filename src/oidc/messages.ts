/** What the OpenID provider's routes and pages say to a person. */
import { catalogue } from "../http/catalogue.ts";

export const OIDC_MESSAGES = /* @__PURE__ */ catalogue("oidc", {
  clientNotFound: "No such client.",
  clientDeleted: "Client deleted; every grant and token of it has ended.",
  publicHasNoSecret: "A public client has no secret.",
  redirectHttps: "must be https:// (http:// only for localhost, 127.0.0.1 or [::1])",
  absoluteUri: "must be an absolute URI",
  unknownScope: (scope: string) => `has a scope this server does not offer: ${scope}`,
  authMethodForType: "does not fit the client's type (public: none; confidential: a secret or private_key_jwt)",
  jwksUriNeeded: "is needed for private_key_jwt",
  redirectNeeded: "needs at least one redirect URI for the authorization code grant",
  publicGrant: "client_credentials needs a confidential client",
  interactionGone:
    "This sign-in request has expired or was started in another browser. Go back to the application and sign in again.",
  notThisInteraction: "This request is not waiting for your answer.",
  appDisconnected: "Disconnected: the app can no longer use your account until you allow it again.",
  appNotConnected: "That app is not connected to your account.",
} as const);

/** Each scope in words, on the consent page and the Connected apps page. */
export const SCOPE_WORDS = /* @__PURE__ */ catalogue("oidc-scopes", {
  openid: "Know who you are on this server (an id that never changes)",
  profile: "See your username",
  email: "See your e-mail address and whether it is confirmed",
  roles: "See whether you are an admin",
  groups: "See the groups you are in",
  offline_access: "Stay signed in while you are away (until you disconnect it)",
} as const);

export const inWords = (scope: string) => ({
  scope,
  description: (SCOPE_WORDS as Readonly<Record<string, string | undefined>>)[scope] ?? scope,
});
