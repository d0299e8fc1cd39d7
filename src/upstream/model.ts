import { t } from "elysia";

/**
 * Sign in with another provider: what the API shows of the providers (never their secrets or
 * client ids: the sign-in page needs a name and whether the button works).
 */
export const UpstreamSchema = t.Object({
  id: t.String({ description: "In the provider's URLs: /api/auth/providers/{id}/start" }),
  name: t.String({ description: "For the button" }),
  available: t.Boolean({
    description: "False while the provider's discovery document cannot be fetched (the button is shown disabled)",
  }),
});
export const UpstreamsResponse = t.Object({ providers: t.Array(UpstreamSchema) });

/** An identity at another provider linked to the signed-in account. */
export const LinkedProvider = t.Object({
  id: t.String({ description: "The provider's id (as in /api/auth/providers)" }),
  name: t.String({ description: "The provider's name (its id when it is no longer configured)" }),
  subject: t.String({ description: "The account's `sub` at the provider" }),
  email: t.Union([t.String(), t.Null()], { description: "The address the provider gave when it was linked" }),
  linked_at: t.String({ format: "date-time" }),
  last_used_at: t.Union([t.String({ format: "date-time" }), t.Null()]),
});
export const LinkedProvidersResponse = t.Object({
  providers: t.Array(LinkedProvider),
  password_set: t.Boolean({
    description: "False for an account made through a provider, until a password is set by the reset mail",
  }),
});

export const LinkBody = t.Object({
  link_token: t.String({ description: "From the link step's address (/signin/link#link_token=…): 10 minutes, once" }),
});
export const LinkResponse = t.Object({ success: t.Literal(true), msg: t.String(), provider: t.String() });

export type UpstreamInfo = typeof UpstreamSchema.static;
export type LinkedProvider = typeof LinkedProvider.static;
export type LinkedProvidersResponse = typeof LinkedProvidersResponse.static;
export type LinkResponse = typeof LinkResponse.static;
