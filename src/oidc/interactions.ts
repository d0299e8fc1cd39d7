/**
 * The user's steps inside an authorization request: the provider sends the browser here
 * (`/oidc/interaction/{uid}`), and this sends it on. Signed out (or asked to sign in again:
 * `prompt=login`, `max_age`), to the dashboard's own sign-in, which comes back here; signed in, the
 * sign-in is handed to the provider. Consent is the dashboard's page (`/consent/{uid}`), which reads
 * and answers the request through the two JSON routes below.
 *
 * The provider binds a request to the browser that began it (a cookie on this path); every step
 * here reads it through the provider, so a request cannot be answered from another browser.
 */
import { Elysia, t } from "elysia";
import { HttpError } from "../http/errors.ts";
import { errorResponses, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import type { bridge } from "./bridge.ts";
import { inWords, OIDC_MESSAGES as MESSAGES } from "./messages.ts";
import { ConsentAnswerSchema, ConsentDetailsSchema } from "./model.ts";
import { errorPage } from "./pages.ts";
import { asksForMfa, hintedEmail } from "./policy.ts";
import { OIDC_PREFIX, type ProviderSource, TTL } from "./provider.ts";
import type { OidcRepository } from "./repository.ts";
import type { SignedIn, SignedInReader } from "./signed-in.ts";

export interface InteractionDeps {
  source: ProviderSource;
  cross: ReturnType<typeof bridge>;
  signedIn: SignedInReader;
  repo: OidcRepository;
}

type Details = Awaited<ReturnType<Awaited<ReturnType<ProviderSource>>["provider"]["interactionDetails"]>>;

const Uid = t.Object({ uid: t.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" }) });

const gone = (status = 400) =>
  new Response(errorPage({ error: "interaction_expired", error_description: MESSAGES.interactionGone }), {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
const redirect = (to: string, set?: Headers) => {
  const headers = new Headers(set);
  headers.set("location", to);
  headers.set("cache-control", "no-store");
  return new Response(null, { status: 303, headers });
};

/** The request's details, through the provider (its cookie binds it to this browser), or null. */
async function detailsOf(deps: InteractionDeps, request: Request, uid: string) {
  const { provider } = await deps.source();
  // Only its cookies matter to the provider here (a consent's body is this API's, read already).
  const pair = await deps.cross.toNode(new Request(request.url, { headers: request.headers }));
  const details = await provider.interactionDetails(pair.req, pair.res).catch(() => null);
  if (!details || details.uid !== uid) return null;
  return { provider, pair, details };
}

/** Whether the sign-in this browser holds may answer the request, or a fresh one is needed. */
function freshEnough(details: Details, signedIn: SignedIn): boolean {
  const reasons = details.prompt.reasons;
  const began = details.exp - TTL.Interaction;
  if (reasons.includes("login_prompt") && signedIn.authTime < began) return false;
  const maxAge = Number(details.params.max_age);
  if (reasons.includes("max_age") && Number.isFinite(maxAge) && Date.now() / 1000 - signedIn.authTime > maxAge) {
    return false;
  }
  return true;
}

/**
 * The dashboard's sign-in, coming back to the request: `fresh` to give the password or passkey
 * again; `mfa` to sign in with two factors (the sign-in page sends the user without one to set one
 * up first).
 */
function signInAt(uid: string, ask: "fresh" | "mfa" | null, details: Details): string {
  const query = new URLSearchParams(ask ? { [ask]: "1" } : {});
  // The address the client hinted at, for the page to fill in.
  const hint = hintedEmail(details.params.login_hint);
  if (hint) query.set("login_hint", hint);
  return `/signin?${query}${query.size ? "&" : ""}next=${encodeURIComponent(`${OIDC_PREFIX}/interaction/${uid}`)}`;
}

/** GET /oidc/interaction/{uid}: where the provider sends the browser for the user's steps. */
export function interactionStep(deps: InteractionDeps) {
  return new Elysia({ tags: ["openid-connect"] }).get(
    `${OIDC_PREFIX}/interaction/:uid`,
    async ({ request, params }) => {
      const found = await detailsOf(deps, request, params.uid);
      if (!found) return gone();
      const { provider, pair, details } = found;
      const signedIn = await deps.signedIn(request.headers.get("cookie"));
      if (details.prompt.name === "login") {
        const mfa = asksForMfa(details.params.acr_values);
        const again = mfa ? "mfa" : "fresh";
        if (!signedIn) return redirect(signInAt(params.uid, mfa ? "mfa" : null, details));
        if (!freshEnough(details, signedIn)) return redirect(signInAt(params.uid, again, details));
        if (mfa && signedIn.acr !== "mfa") return redirect(signInAt(params.uid, "mfa", details));
        const hint = hintedEmail(details.params.login_hint);
        if (hint && signedIn.user.email.toLowerCase() !== hint) return redirect(signInAt(params.uid, again, details));
        const login = {
          accountId: signedIn.user.stable_id,
          ts: signedIn.authTime,
          amr: signedIn.amr,
          acr: signedIn.acr,
        };
        return redirect(
          await provider.interactionResult(pair.req, pair.res, { login }, { mergeWithLastSubmission: false }),
        );
      }
      if (details.prompt.name === "consent") {
        if (signedIn?.user.stable_id !== details.session?.accountId) {
          return redirect(signInAt(params.uid, null, details));
        }
        return redirect(`/consent/${params.uid}`);
      }
      return gone();
    },
    {
      params: Uid,
      // A browser's step (redirects and a page), not this API's.
      detail: { hide: true },
    },
  );
}

/** The consent page's two routes: what the request asks, and the user's answer. */
export function consentRoutes(kit: RouteKit, deps: InteractionDeps) {
  const pending = async (request: Request, uid: string, user: { stable_id: string }) => {
    const found = await detailsOf(deps, request, uid);
    if (!found) throw new HttpError(404, MESSAGES.interactionGone);
    // Answered already (the browser has not gone on yet): the answer stands, once.
    const result = found.details.result as Record<string, unknown> | undefined;
    const answered = result?.consent !== undefined || result?.error !== undefined;
    if (answered || found.details.prompt.name !== "consent" || found.details.session?.accountId !== user.stable_id) {
      throw new HttpError(409, MESSAGES.notThisInteraction);
    }
    const client = await found.provider.Client.find(String(found.details.params.client_id));
    if (!client) throw new HttpError(404, MESSAGES.interactionGone);
    return { ...found, client };
  };
  const asked = (details: Details): string[] => {
    const missing = (details.prompt.details.missingOIDCScope as string[] | undefined) ?? [];
    return missing.length > 0
      ? missing
      : String(details.params.scope ?? "")
          .split(" ")
          .filter(Boolean);
  };
  return new Elysia({ prefix: `${OIDC_PREFIX}/interaction/:uid`, tags: ["openid-connect"] })
    .use(kit.auth)
    .get(
      "/consent",
      async ({ request, params, session }) => {
        const { details, client } = await pending(request, params.uid, session.user);
        const metadata = client.metadata() as Record<string, unknown>;
        return {
          client: {
            client_id: client.clientId,
            name: client.clientName ?? client.clientId,
            home_url: (metadata.client_uri as string | undefined) ?? null,
            logo_url: (metadata.logo_uri as string | undefined) ?? null,
          },
          scopes: asked(details).map(inWords),
        };
      },
      {
        auth: true,
        params: Uid,
        response: { 200: ConsentDetailsSchema, ...errorResponses(401, 404, 409, 503) },
        detail: {
          summary: "What an application asks of the signed-in user (the consent page)",
          security: READ_SECURITY,
        },
      },
    )
    .post(
      "/consent",
      async ({ request, params, session, body }) => {
        const { provider, pair, details, client } = await pending(request, params.uid, session.user);
        if (!body.allow) {
          const denied = { error: "access_denied", error_description: "End-User denied the request" };
          return {
            redirect: await provider.interactionResult(pair.req, pair.res, denied, { mergeWithLastSubmission: false }),
          };
        }
        const held = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
        const grant = held ?? new provider.Grant({ accountId: session.user.stable_id, clientId: client.clientId });
        const scopes = asked(details);
        grant.addOIDCScope(scopes.join(" "));
        const claims = details.prompt.details.missingOIDCClaims as string[] | undefined;
        if (claims?.length) grant.addOIDCClaims(claims);
        const resources = details.prompt.details.missingResourceScopes as Record<string, string[]> | undefined;
        for (const [resource, wanted] of Object.entries(resources ?? {}))
          grant.addResourceScope(resource, wanted.join(" "));
        const grantId = await grant.save();
        await deps.repo.bindGrant(grantId, session.claims.sid);
        await deps.repo.remember(session.user.id, client.clientId, scopes);
        const consent = { consent: { grantId } };
        return {
          redirect: await provider.interactionResult(pair.req, pair.res, consent, { mergeWithLastSubmission: true }),
        };
      },
      {
        auth: true,
        params: Uid,
        body: t.Object({ allow: t.Boolean() }),
        parse: "json",
        response: { 200: ConsentAnswerSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 503) },
        detail: { summary: "Allow or deny what an application asks", security: WRITE_SECURITY },
      },
    );
}
