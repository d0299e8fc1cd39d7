/**
 * The OpenID provider's shapes in the API: a client as an admin registers it (`client_input`) and as
 * the API shows it (`client`). The contract: API.md part 3, "Clients".
 */
import { t } from "elysia";

/** What oidc-provider keeps of one of its models (a grant, a token, a code): a plain JSON object. */
export type Payload = Record<string, unknown>;

export const SCOPES = ["openid", "profile", "email", "roles", "groups", "offline_access"] as const;
export const GRANT_TYPES = [
  "authorization_code",
  "refresh_token",
  "client_credentials",
  "urn:ietf:params:oauth:grant-type:device_code",
] as const;
export const AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"] as const;
export const ID_TOKEN_ALGS = ["RS256", "EdDSA"] as const;

const Uri = t.String({ minLength: 1, maxLength: 2000 });
/** One of `values`, or absent: a union of literals (Elysia fills an absent UnionEnum with its first value). */
const oneOf = <const V extends readonly [string, ...string[]]>(values: V) =>
  t.Union(values.map((value) => t.Literal(value)) as unknown as [ReturnType<typeof t.Literal<V[number]>>]);

export const ClientInputSchema = t.Object({
  name: t.String({ minLength: 1, maxLength: 100 }),
  type: t.UnionEnum(["confidential", "public"]),
  redirect_uris: t.Array(Uri, { maxItems: 20 }),
  post_logout_redirect_uris: t.Optional(t.Array(Uri, { maxItems: 20 })),
  grant_types: t.Optional(t.Array(t.UnionEnum([...GRANT_TYPES]), { minItems: 1, maxItems: 4 })),
  scopes: t.Optional(
    t.String({ maxLength: 200, description: 'Space-separated; default "openid profile email offline_access"' }),
  ),
  resources: t.Optional(t.Array(Uri, { maxItems: 20, description: "Absolute URIs of the APIs it may ask tokens for" })),
  first_party: t.Optional(t.Boolean({ description: "Skips the consent page" })),
  backchannel_logout_uri: t.Optional(Uri),
  home_url: t.Optional(Uri),
  logo_url: t.Optional(Uri),
  id_token_signed_response_alg: t.Optional(oneOf(ID_TOKEN_ALGS)),
  token_endpoint_auth_method: t.Optional(oneOf(AUTH_METHODS)),
  jwks_uri: t.Optional(Uri),
});
export type ClientInput = typeof ClientInputSchema.static;

/** A client as registered, with every default filled in. */
export const ClientSchema = t.Object({
  client_id: t.String(),
  name: t.String(),
  type: t.UnionEnum(["confidential", "public"]),
  redirect_uris: t.Array(t.String()),
  post_logout_redirect_uris: t.Array(t.String()),
  grant_types: t.Array(t.String()),
  scopes: t.String(),
  resources: t.Array(t.String()),
  first_party: t.Boolean(),
  backchannel_logout_uri: t.Nullable(t.String()),
  home_url: t.Nullable(t.String()),
  logo_url: t.Nullable(t.String()),
  id_token_signed_response_alg: t.String(),
  token_endpoint_auth_method: t.String(),
  jwks_uri: t.Nullable(t.String()),
  created_at: t.String({ format: "date-time" }),
  updated_at: t.String({ format: "date-time" }),
});
export type Client = typeof ClientSchema.static;
/** What is kept of a client besides its id, secret and dates. */
export type ClientSettings = Omit<Client, "client_id" | "created_at" | "updated_at">;

export const ClientResponse = t.Object({ client: ClientSchema });
export const ClientsResponse = t.Object({ clients: t.Array(ClientSchema) });
export const CreatedClientResponse = t.Object({
  client: ClientSchema,
  client_secret: t.Optional(t.String({ description: "Shown this once; kept only as a hash" })),
});
export const SecretResponse = t.Object({
  client_secret: t.String({ description: "Shown this once; the old one works 24 h more unless revoke_old" }),
});
export const RotateSecretBody = t.Object({ revoke_old: t.Optional(t.Boolean()) });

/** A client the signed-in user allowed (the "Connected apps" page). */
export const ConnectedAppSchema = t.Object({
  client_id: t.String(),
  name: t.String(),
  home_url: t.Nullable(t.String()),
  logo_url: t.Nullable(t.String()),
  scopes: t.Array(t.Object({ scope: t.String(), description: t.String() })),
  allowed_at: t.String({ format: "date-time" }),
  last_used_at: t.String({ format: "date-time" }),
});
export type ConnectedApp = typeof ConnectedAppSchema.static;
export const ConnectedAppsResponse = t.Object({ apps: t.Array(ConnectedAppSchema) });

/** What an authorization request asks of the signed-in user (the consent page). */
export const ConsentDetailsSchema = t.Object({
  client: t.Object({
    client_id: t.String(),
    name: t.String(),
    home_url: t.Nullable(t.String()),
    logo_url: t.Nullable(t.String()),
  }),
  scopes: t.Array(t.Object({ scope: t.String(), description: t.String() })),
});
export type ConsentDetails = typeof ConsentDetailsSchema.static;
export const ConsentAnswerSchema = t.Object({
  redirect: t.String({ description: "Where the browser goes on (the application)" }),
});
export type ConsentAnswer = typeof ConsentAnswerSchema.static;
