/**
 * The browser's trip to another provider and back, as a relying party through openid-client
 * (panva's certified client; nothing of the protocol is written here): the authorization code flow
 * with PKCE S256, `state` and `nonce`; at the callback, openid-client checks the state, the `iss` of
 * the answer when the provider says it sends one, exchanges the code, and validates the ID token
 * (signature against the provider's JWKS, issuer, audience, expiry, nonce). Every failure of the
 * callback is one 400 page with one message: which check failed is logged, never told.
 */
import { Elysia, t } from "elysia";
import * as client from "openid-client";
import type { RequestMeta } from "../http/context.ts";
import { errorResponse, HttpError } from "../http/errors.ts";
import type { Logger } from "../http/log.ts";
import { escapeHtml, plainPage } from "../http/page.ts";
import { redirectResponses } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import { guarded } from "../platform/rate-limit.ts";
import { presentedToken } from "../session/transport.ts";
import { browserCookie, browserValue, type Flow, type Flows } from "./flows.ts";
import { UPSTREAM_MESSAGES as MESSAGES } from "./messages.ts";
import type { Upstream } from "./providers.ts";
import type { Outcome, UpstreamService } from "./service.ts";

export interface FlowRouteDeps {
  kit: RouteKit;
  upstreams: ReadonlyMap<string, Upstream>;
  flows: Flows;
  service: UpstreamService;
  /** PUBLIC_URL: the redirect URI each provider has registered is under it. */
  publicUrl: string;
  secureCookies: boolean;
  logger: Logger;
}

/** The redirect URI to register at the provider. */
export const redirectUri = (publicUrl: string, id: string): string =>
  `${publicUrl.replace(/\/$/, "")}/api/auth/providers/${id}/callback`;

/** Where to go after: a path of this origin only (never "//host", "/\\host" or a control character). */
function localPath(next: string | undefined): string {
  if (!next || next.length > 2048 || !next.startsWith("/") || next.startsWith("//")) return "/";
  const unsafe = [...next].some((c) => c === "\\" || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  return unsafe ? "/" : next;
}

const found = (location: string): Response =>
  new Response(null, {
    status: 302,
    headers: { location, "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });

/** The one answer to a callback that cannot be trusted: a page for a browser, the API's error shape otherwise. */
function badCallback(request: Request): Response {
  if (!request.headers.get("accept")?.includes("text/html")) return errorResponse(400, MESSAGES.badCallback);
  const page = plainPage(
    MESSAGES.badCallbackTitle,
    `<p>${escapeHtml(MESSAGES.badCallback)}</p>\n<p><a href="/signin">${escapeHtml(MESSAGES.toSignIn)}</a></p>`,
  );
  return new Response(page, {
    status: 400,
    headers: { "cache-control": "no-store", "content-type": "text/html; charset=utf-8" },
  });
}

/**
 * Where an outcome sends the browser: `next` in the query (the dashboard's pages read it there),
 * tokens in the fragment (never sent to a server, nor in a Referer).
 */
function destination(outcome: Outcome, provider: string, flow: Flow): string {
  const encode = (values: Record<string, string>) => new URLSearchParams(values).toString();
  const next = encode({ next: flow.next });
  switch (outcome.kind) {
    case "signed_in":
      return flow.next;
    case "second_step": {
      const { mfa_token, methods } = outcome.answer;
      return `/signin?${next}#${encode({ mfa_token, methods: methods.join(","), provider })}`;
    }
    case "link_step":
      return `/signin/link?${next}#${encode({ link_token: outcome.token, provider, email: outcome.email })}`;
    case "linked":
      return `/profile?${encode({ provider_linked: provider })}`;
    case "refused":
      return `${flow.linkTo ? "/profile" : "/signin"}?${encode({ provider_error: outcome.reason, provider })}`;
  }
}

const unavailable = (id: string, signedIn: boolean) =>
  found(`${signedIn ? "/profile" : "/signin"}?provider_error=unavailable&provider=${id}`);

function upstreamFinder(upstreams: ReadonlyMap<string, Upstream>) {
  return (id: string): Upstream => {
    const upstream = upstreams.get(id);
    if (!upstream) throw new HttpError(404, MESSAGES.unknownProvider);
    return upstream;
  };
}

/** The callback: the flow of its state, the code exchanged, and the outcome as a redirect. */
function arrivals(deps: FlowRouteDeps) {
  const { kit, flows, service, logger } = deps;
  const upstreamOf = upstreamFinder(deps.upstreams);

  /** The code exchanged and the ID token validated by openid-client; null (logged) for any failure. */
  const exchange = async (
    upstream: Upstream,
    config: client.Configuration,
    request: Request,
    flow: Flow,
    state: string,
  ) => {
    const callback = new URL(redirectUri(deps.publicUrl, upstream.setting.id));
    callback.search = new URL(request.url).search;
    try {
      const checks = { pkceCodeVerifier: flow.verifier, expectedState: state };
      const tokens = await client.authorizationCodeGrant(
        config,
        callback,
        upstream.oidc ? { ...checks, expectedNonce: flow.nonce, idTokenExpected: true } : checks,
      );
      return await upstream.claims(config, tokens);
    } catch (error) {
      // Which check failed, for the operator; the person gets the one message.
      logger.warn("a sign-in provider's callback was refused", {
        provider: upstream.setting.id,
        detail: error instanceof Error ? ((error as { code?: string }).code ?? error.name) : "error",
        message: error instanceof Error ? error.message.slice(0, 200) : undefined,
      });
      return null;
    }
  };

  const callback = async (
    id: string,
    request: Request,
    query: Record<string, string | undefined>,
    meta: RequestMeta,
  ) => {
    const upstream = upstreamOf(id);
    const attempt = await kit.limiter.attempt("providerCallbacks", { ip: meta.ip });
    return guarded(attempt, async () => {
      const cookie = request.headers.get("cookie");
      const flow = query.state ? await flows.finish(query.state, cookie) : null;
      if (!flow || flow.provider !== id) return badCallback(request);
      // The person said no at the provider (or it refused): back where they came from, nothing counted.
      if (query.error !== undefined && query.code === undefined) {
        await attempt.succeeded();
        return found(`${flow.linkTo ? "/profile" : "/signin"}?provider_error=cancelled&provider=${id}`);
      }
      const config = await upstream.config();
      if (!config) return unavailable(id, flow.linkTo !== null);
      const claims = await exchange(upstream, config, request, flow, query.state as string);
      if (!claims) return badCallback(request);
      await attempt.succeeded();
      const browser = browserValue(cookie) as string;
      // The session's cookies, written by sign-in onto the redirect.
      const set = { headers: {} as Record<string, unknown> };
      try {
        const outcome = await service.arrived(upstream.setting, claims, flow, { meta, set, browser });
        const response = found(destination(outcome, id, flow));
        for (const c of [set.headers["set-cookie"] ?? []].flat() as string[]) response.headers.append("set-cookie", c);
        return response;
      } catch (error) {
        // A guard's refusal (an account an admin locked): the person proved who they are, so they may know.
        if (error instanceof HttpError && error.status === 403)
          return found(`/signin?provider_error=locked&provider=${id}`);
        throw error;
      }
    });
  };

  return callback;
}

/**
 * Whether a start links a provider to the signed-in account: its user id when the browser is signed
 * in and `csrf` is its session's CSRF value (signed double submit, as every write here), "unasked"
 * when signed in without it (another site sent the browser: it could make the account link an
 * identity of that site's choosing), null when nobody is signed in (a sign-in).
 */
async function linkIntent(kit: RouteKit, request: Request, csrf: string | undefined) {
  const presented = presentedToken(request, "POST");
  if (presented?.source !== "cookie") return null;
  const asked = await kit.sessions.authenticate({ ...presented, csrfHeader: csrf ?? null });
  if (asked.ok) return asked.session.user.id;
  return asked.failure === "csrf" ? ("unasked" as const) : null;
}

export function flowRoutes(deps: FlowRouteDeps) {
  const { kit, flows } = deps;
  const upstreamOf = upstreamFinder(deps.upstreams);
  const callback = arrivals(deps);
  return new Elysia({ prefix: "/api/auth/providers", tags: ["sign-in providers"] })
    .use(kit.context)
    .get(
      "/:id/start",
      async ({ params, query, request, meta }) => {
        const upstream = upstreamOf(params.id);
        await kit.limiter.attempt("providerStarts", { ip: meta.ip });
        const linking = await linkIntent(kit, request, query.csrf);
        if (linking === "unasked") return found(`/profile?provider_error=unasked&provider=${params.id}`);
        const linkTo = linking;
        const config = await upstream.config();
        if (!config) return unavailable(params.id, linkTo !== null);
        const browser = browserValue(request.headers.get("cookie")) ?? flows.newBrowser();
        const verifier = client.randomPKCECodeVerifier();
        const nonce = client.randomNonce();
        const next = localPath(query.next);
        const state = await flows.begin({ provider: params.id, verifier, nonce, next, linkTo }, browser);
        const url = client.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri(deps.publicUrl, params.id),
          scope: upstream.setting.scopes,
          state,
          ...(upstream.oidc ? { nonce } : {}),
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: "S256",
        });
        const response = found(url.href);
        response.headers.append("set-cookie", browserCookie(browser, deps.secureCookies));
        return response;
      },
      {
        meta: true,
        params: t.Object({ id: t.String() }),
        query: t.Object({
          next: t.Optional(t.String({ description: "A path of this dashboard to land on after" })),
          csrf: t.Optional(
            t.String({ description: "To link: the csrf_access_token cookie's value (Profile's button sends it)" }),
          ),
        }),
        detail: {
          summary: "Sign in with another provider (or, signed in, link it)",
          responses: redirectResponses("To the provider", 404, 422, 429, 503),
          description:
            "302 to the provider, with PKCE S256, state and nonce; the state lives 10 minutes, once, bound to this browser by an HttpOnly cookie (datta_upstream). A browser signed in to the dashboard links the provider to its account instead, when `csrf` carries its CSRF value (a page elsewhere cannot make a signed-in browser link an identity of its choosing); without it, 302 to /profile with provider_error=unasked. A provider that cannot be reached now: 302 back to the sign-in page with provider_error=unavailable.",
        },
      },
    )
    .get("/:id/callback", ({ params, query, request, meta }) => callback(params.id, request, query, meta), {
      meta: true,
      params: t.Object({ id: t.String() }),
      query: t.Record(t.String(), t.String()),
      detail: {
        summary: "The provider sends the browser back here",
        responses: redirectResponses("Into the dashboard", 400, 404, 422, 429, 503),
        description:
          "302 into the dashboard: signed in (a session like any other), or its second step (/signin#mfa_token=…) when the account has a second factor, or the link step (/signin/link#link_token=…) when an account here has the address the provider gave, or a new account (when the provider allows sign-up). 400, one page and one message, for a state that is unknown, used, expired or from another browser, and for a code or ID token that is not right. 429 per IP after 30 failures in 15 minutes.",
      },
    });
}
