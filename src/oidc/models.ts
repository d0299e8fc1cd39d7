/**
 * Where our clients meet oidc-provider's models: a registered client as its metadata, and three
 * behaviours of its models changed (each said where it is): secrets compared as the hashes we
 * keep, `sid` and `at_hash` in every ID token.
 */

import { type StoredClient, secretMatches } from "./clients.ts";
import type { KoaContextWithOIDC, Provider } from "./library.ts";
import type { Payload } from "./model.ts";
import type { SignedIn } from "./signed-in.ts";

/** A registered client as the provider reads its metadata. */
export function clientMetadata(stored: StoredClient): Payload {
  const { client } = stored;
  // A public client coming back to the loopback or a scheme of its own is a native app (RFC 8252):
  // its loopback redirect URIs match on any port.
  const native =
    client.type === "public" &&
    client.redirect_uris.length > 0 &&
    client.redirect_uris.every((uri) => !uri.startsWith("https:"));
  return {
    client_id: client.client_id,
    // The provider compares secrets through compareClientSecret (below): it holds only the hash.
    ...(stored.secretHash ? { client_secret: stored.secretHash } : {}),
    client_name: client.name,
    application_type: native ? "native" : "web",
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris,
    grant_types: client.grant_types,
    response_types: client.grant_types.includes("authorization_code") ? ["code"] : [],
    scope: client.scopes,
    token_endpoint_auth_method: client.token_endpoint_auth_method,
    id_token_signed_response_alg: client.id_token_signed_response_alg,
    ...(client.jwks_uri ? { jwks_uri: client.jwks_uri } : {}),
    ...(client.home_url ? { client_uri: client.home_url } : {}),
    ...(client.logo_url ? { logo_uri: client.logo_url } : {}),
    ...(client.backchannel_logout_uri
      ? { backchannel_logout_uri: client.backchannel_logout_uri, backchannel_logout_session_required: true }
      : {}),
    "urn:datta:first_party": client.first_party,
    "urn:datta:resources": client.resources,
  };
}

/**
 * Two claims the contract wants in every ID token that oidc-provider adds only in other cases: the
 * session's `sid` (it does for clients registered for logout), and `at_hash` (it does in the
 * implicit and hybrid flows): the hash of the opaque access token issued beside it.
 */
export function patchModels(provider: Provider): BackchannelSend {
  const client = provider.Client as unknown as {
    prototype: { includeSid(): boolean; backchannelLogout(sub: string, sid: string | null): Promise<void> };
  };
  client.prototype.includeSid = () => true;
  // Back-channel logout goes through the durable outbox (backchannel.ts) only: the provider's own
  // call at RP-initiated logout is turned off, so that no logout token is sent twice.
  const backchannelLogout = client.prototype.backchannelLogout;
  client.prototype.backchannelLogout = async () => {};
  const idToken = provider.IdToken as unknown as {
    prototype: {
      issue(this: IdTokenLike, options: { use: string }): Promise<string>;
    };
  };
  const issue = idToken.prototype.issue;
  idToken.prototype.issue = function issueWithHash(this: IdTokenLike, options) {
    const at = this.ctx?.oidc?.entities?.AccessToken as { jti?: string; resourceServer?: unknown } | undefined;
    if (options.use === "idtoken" && at?.jti && !at.resourceServer && !this.extra?.at_hash) this.set("at_hash", at.jti);
    return issue.call(this, options);
  };
  return (target, sub, sid) => backchannelLogout.call(target as never, sub, sid);
}

/** Sends one logout token to a client (oidc-provider's own code, kept for the outbox). */
export type BackchannelSend = (client: unknown, sub: string, sid: string | null) => Promise<void>;

interface IdTokenLike {
  ctx?: KoaContextWithOIDC;
  extra?: Record<string, unknown>;
  set(key: string, value: unknown): void;
}

/** The secret kept is a hash: compared as one, with the previous secret while it still works. */
export function patchSecrets(provider: Provider, previousSecrets: Map<string, StoredClient["previous"]>): void {
  const ClientClass = provider.Client as unknown as {
    prototype: { compareClientSecret(actual: string): Promise<boolean> };
  };
  ClientClass.prototype.compareClientSecret = async function compare(
    this: { clientId: string; clientSecret?: string },
    actual,
  ) {
    const previous = previousSecrets.get(this.clientId);
    const current = secretMatches(actual, this.clientSecret ?? null);
    const before =
      previous !== undefined &&
      previous !== null &&
      previous.expiresAt > Date.now() / 1000 &&
      secretMatches(actual, previous.hash);
    return current || before;
  };
}

/**
 * The provider's session follows the dashboard's: a browser signed in to the dashboard, with no
 * provider session yet, is signed in to the provider as that user, as if the sign-in step had run
 * (the same account, time and methods it would hand over). Without this the provider made its
 * session only in an interaction, so `prompt=none` from a browser signed in to the dashboard but
 * never yet to the provider answered login_required. A provider session of another user is left to
 * the login check (policy.ts), which sends that browser through the sign-in step.
 */
export function followDashboardSession(
  provider: Provider,
  signedIn: (ctx: KoaContextWithOIDC) => Promise<SignedIn | null>,
): void {
  const Session = provider.Session as unknown as {
    get(ctx: KoaContextWithOIDC): Promise<SessionLike>;
  };
  const get = Session.get.bind(Session);
  Session.get = async (ctx) => {
    const session = await get(ctx);
    if (session.accountId) return session;
    const user = await signedIn(ctx);
    if (user) {
      session.loginAccount({ accountId: user.user.stable_id, loginTs: user.authTime, amr: user.amr, acr: user.acr });
      // Changed, so kept at the end of the request (and its cookie set), as a sign-in step's is.
      Reflect.defineProperty(session, "touched", { writable: true, value: true });
    }
    return session;
  };
}

interface SessionLike {
  accountId?: string;
  loginAccount(details: { accountId: string; loginTs: number; amr: string[]; acr: string }): void;
}
