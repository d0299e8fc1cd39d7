/**
 * The OpenID provider: panva's oidc-provider (OpenID Certified), configured to the contract
 * (API.md part 3). Nothing of the protocol is written here: PKCE, client authentication, tokens,
 * discovery and the error answers are the library's. What is ours: where it keeps state
 * (adapter.ts), who the users are (the kernel), the clients (clients.ts), the keys (the shared
 * keyring: RS256 for ID tokens, EdDSA for access tokens to a resource server), and the pages.
 *
 * The provider's keystore is fixed when it is built, so it is built again when the keyring's
 * usable keys change (a rotated key activates, an old one retires): a cheap object, no state.
 */

import type { Keyring } from "../platform/keys/keyring.ts";
import { once } from "../platform/once.ts";
import type { UserRepository } from "../users/repository.ts";
import { ACCESS_TOKEN_BITS, type AdapterDeps, adapterFor } from "./adapter.ts";
import { noteServerError } from "./bridge.ts";
import type { ClientRepository, StoredClient } from "./clients.ts";
import { cookieSigner } from "./cookie-keys.ts";
import type { Configuration, KoaContextWithOIDC, Library, Provider } from "./library.ts";
import { AUTH_METHODS, ID_TOKEN_ALGS, SCOPES } from "./model.ts";
import { type BackchannelSend, clientMetadata, followDashboardSession, patchModels, patchSecrets } from "./models.ts";
import { deviceCodePage, deviceConfirmPage, deviceDonePage, errorPage, logoutPage, signedOutPage } from "./pages.ts";
import { existingGrant, type PolicyDeps, policy, signedInOnce } from "./policy.ts";
import { readOnce } from "./request-reads.ts";

/** Lifetimes, in seconds (the contract: codes ≤ 60 s, access tokens ≤ 5 minutes). */
export const TTL = {
  AccessToken: 300,
  AuthorizationCode: 60,
  ClientCredentials: 300,
  DeviceCode: 600,
  IdToken: 3600,
  Interaction: 600,
  Grant: 14 * 86_400,
  RefreshToken: 14 * 86_400,
  Session: 14 * 86_400,
} as const;

/** Where the provider's endpoints are (discovery lists them; clients never hard-code them). */
export const OIDC_PREFIX = "/oidc";
const ROUTES = {
  authorization: `${OIDC_PREFIX}/auth`,
  token: `${OIDC_PREFIX}/token`,
  userinfo: `${OIDC_PREFIX}/me`,
  introspection: `${OIDC_PREFIX}/token/introspection`,
  revocation: `${OIDC_PREFIX}/token/revocation`,
  end_session: `${OIDC_PREFIX}/session/end`,
  device_authorization: `${OIDC_PREFIX}/device/auth`,
  // The page where the user types the device's code: PUBLIC_URL/device (the contract's).
  code_verification: "/device",
  pushed_authorization_request: `${OIDC_PREFIX}/request`,
  registration: `${OIDC_PREFIX}/reg`,
  backchannel_authentication: `${OIDC_PREFIX}/backchannel`,
  challenge: `${OIDC_PREFIX}/challenge`,
  credential: `${OIDC_PREFIX}/credential`,
  // The keyring's JWKS, served by forward auth's route (the same document as part 2).
  jwks: "/.well-known/jwks.json",
} as const;

export interface ProviderDeps extends PolicyDeps {
  issuer: string;
  keyring: Keyring;
  users: UserRepository;
  clients: ClientRepository;
  sql: AdapterDeps["sql"];
  store: AdapterDeps["store"];
  /** An error of ours the provider answered with server_error (logged by its name, nothing more). */
  onServerError?(error: Error): void;
  /** Keys that sign the provider's cookies, the current one first. */
  cookieKeys: Buffer[];
}

/** What went wrong with a typed device code, in words (none before the first try). */
function deviceProblem(err: Error | undefined): string | null {
  if (!err) return null;
  if (err.name === "AbortedError") return "The request was cancelled. Start again on your device.";
  if (err.name === "ExpiredError") return "That code has expired. Start again on your device for a new one.";
  if (err.name === "AlreadyUsedError") return "That code was used already. Start again on your device.";
  return "That code is not right. Check it and try again.";
}

/** The claims of each scope (the contract's "Scopes → claims"). */
const CLAIMS = {
  // How and when the user signed in, in every ID token (the contract's list).
  openid: ["sub", "auth_time", "acr", "amr"],
  profile: ["name", "preferred_username", "updated_at"],
  email: ["email", "email_verified"],
  roles: ["roles"],
  groups: ["groups"],
};

/** What of oidc-provider is turned on, and the pages it shows (ours: pages.ts). */
function features(lib: Library): Configuration["features"] {
  return {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
    deviceFlow: {
      enabled: true,
      charset: "base-20",
      mask: "****-****",
      userCodeInputSource: async (ctx, form, _out, err) => {
        ctx.type = "html";
        ctx.body = deviceCodePage(form, deviceProblem(err));
      },
      userCodeConfirmSource: async (ctx, form, client, _info, userCode) => {
        ctx.type = "html";
        ctx.body = deviceConfirmPage(form, client.clientName ?? client.clientId, userCode);
      },
      successSource: async (ctx) => {
        ctx.type = "html";
        ctx.body = deviceDonePage(ctx.oidc.client?.clientName);
      },
    },
    introspection: {
      enabled: true,
      // A confidential client (a resource server) may introspect any token; a public one its own.
      allowedPolicy: async (ctx, client, token) =>
        client.clientAuthMethod !== "none" || token.clientId === ctx.oidc.client?.clientId,
    },
    // RFC 7009: a client revokes the tokens issued to it, none other (that request changes nothing).
    revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
    clientCredentials: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.type = "html";
        ctx.body = logoutPage(form, ctx.oidc.client?.clientName);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.type = "html";
        ctx.body = signedOutPage(ctx.oidc.client?.clientName);
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx, _client, oneOf) => oneOf ?? (undefined as unknown as string),
      useGrantedResource: () => true,
      getResourceServerInfo(_ctx, resource, client) {
        const allowed = (client as unknown as Record<string, unknown>)["urn:datta:resources"] as string[] | undefined;
        if (!allowed?.includes(resource)) throw new lib.errors.InvalidTarget();
        return {
          audience: resource,
          scope: client.scope ?? "",
          accessTokenTTL: TTL.AccessToken,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "EdDSA" } },
        };
      },
    },
  };
}

function configuration(
  lib: Library,
  deps: ProviderDeps,
  previousSecrets: Map<string, StoredClient["previous"]>,
): Configuration {
  return {
    adapter: adapterFor({
      sql: deps.sql,
      store: deps.store,
      clients: deps.clients,
      clientMetadata(stored) {
        previousSecrets.set(stored.client.client_id, stored.previous);
        return clientMetadata(stored);
      },
      alreadyUsed: () => new lib.errors.InvalidGrant("already used"),
    }) as unknown as Configuration["adapter"],
    jwks: {
      keys: deps.keyring
        .usable()
        .map(
          (key) => ({ ...key.privateKey.export({ format: "jwk" }), kid: key.kid, alg: key.alg, use: "sig" }) as never,
        ),
    },
    cookies: { keys: cookieSigner(deps.cookieKeys) as unknown as string[] },
    async findAccount(_ctx, sub) {
      // Read with the token already, when the request read one (token-reads.ts).
      const user = await readOnce(`Account:${sub}`, () => deps.users.findByStableId(sub));
      if (!user) return undefined;
      const updatedAt = user.row.updated_at
        ? Math.floor(new Date(user.row.updated_at as string).getTime() / 1000)
        : undefined;
      return {
        accountId: user.stable_id,
        claims: async () => ({
          sub: user.stable_id,
          name: user.username,
          preferred_username: user.username,
          updated_at: updatedAt,
          email: user.email,
          email_verified: user.email_verified,
          roles: user.role === "admin" ? ["user", "admin"] : ["user"],
          groups: user.groups,
        }),
      };
    },
    claims: CLAIMS,
    formats: {
      bitsOfOpaqueRandomness: (_ctx, token) =>
        token.kind === "AccessToken" || token.kind === "ClientCredentials" ? ACCESS_TOKEN_BITS : 256,
    },
    acrValues: ["0", "mfa"],
    // The client's grant types are its refresh setting: a client allowed refresh_token gets one
    // with every code (ended with the user's session unless offline_access was granted).
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed("refresh_token") &&
      (code.kind === "AuthorizationCode" || code.scopes.has("offline_access")),
    loadExistingGrant: (ctx) => existingGrant(deps, ctx),
    scopes: [...SCOPES],
    responseTypes: ["code"],
    pkce: { required: () => true },
    clientAuthMethods: [...AUTH_METHODS],
    enabledJWA: {
      idTokenSigningAlgValues: [...ID_TOKEN_ALGS],
      clientAuthSigningAlgValues: ["RS256", "PS256", "ES256", "EdDSA"],
      userinfoSigningAlgValues: [...ID_TOKEN_ALGS],
      introspectionSigningAlgValues: [...ID_TOKEN_ALGS],
    },
    clientDefaults: {
      grant_types: ["authorization_code"],
      id_token_signed_response_alg: "RS256",
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
    extraClientMetadata: { properties: ["urn:datta:first_party", "urn:datta:resources"] },
    features: features(lib),
    interactions: {
      policy: policy(lib, deps),
      url: (_ctx, interaction) => `${OIDC_PREFIX}/interaction/${interaction.uid}`,
    },
    routes: ROUTES,
    ttl: { ...TTL },
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) ?? false,
    renderError: async (ctx: KoaContextWithOIDC, out) => {
      ctx.type = "html";
      ctx.body = errorPage(out);
    },
  };
}

export type ProviderSource = ReturnType<typeof createProviderSource>;

/** The provider for the keyring's keys of the moment (built again when they change). */
export function createProviderSource(deps: ProviderDeps) {
  const previousSecrets = new Map<string, StoredClient["previous"]>();
  let built: {
    generation: string;
    provider: Provider;
    callback: ReturnType<Provider["callback"]>;
    backchannel: BackchannelSend;
  } | null = null;
  const build = (lib: Library): NonNullable<typeof built> => {
    const provider = new lib.Provider(deps.issuer, configuration(lib, deps, previousSecrets));
    provider.on("server_error", (ctx, error) => {
      noteServerError(ctx.req, error);
      deps.onServerError?.(error);
    });
    // The sid each client's ID tokens carry, for its logout token (backchannel.ts).
    provider.on("authorization.success", (ctx) => {
      const { session, client } = ctx.oidc;
      const grantId = client ? session?.grantIdFor(client.clientId) : undefined;
      const sid = client ? session?.sidFor(client.clientId) : undefined;
      if (grantId && sid) void deps.repo.setLogoutSid(grantId, sid).catch(() => {});
    });
    // "Last used" on the Connected apps page.
    provider.on("grant.success", (ctx) => {
      const grant = ctx.oidc.entities.Grant;
      if (grant?.accountId && grant.clientId) void deps.repo.used(grant.accountId, grant.clientId).catch(() => {});
    });
    const backchannel = patchModels(provider);
    patchSecrets(provider, previousSecrets);
    followDashboardSession(provider, (ctx) => signedInOnce(deps, ctx));
    return { generation: deps.keyring.generation(), provider, callback: provider.callback(), backchannel };
  };
  // The library is loaded on the provider's first use, not at start: importing oidc-provider
  // and what it pulls in took a third of a second from every start and from every replica's
  // first health answer, for routes most requests never reach.
  const library = once((): Promise<Library> => import("./library.ts"));
  return async () => {
    const lib = await library();
    if (!built || built.generation !== deps.keyring.generation()) built = build(lib);
    return built;
  };
}
