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
