/**
 * A relying party for the provider's tests: openid-client (panva's certified client) over the
 * test app's real HTTP handling, and the browser's side of an authorization request walked by
 * hand (redirects followed, the dashboard's consent page answered through its JSON routes).
 */
import * as client from "openid-client";
import { ISSUER, type TestApp } from "./app.ts";
import type { CookieJar } from "./cookie-jar.ts";

export type Json = Record<string, any>;

export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
  client: Json;
}

/** An admin registers a client through the admin API. */
export async function registerClient(t: TestApp, adminJar: CookieJar, input: Json): Promise<RegisteredClient> {
  const created = await t.json<Json>("/api/admin/clients", { method: "POST", jar: adminJar, csrf: true, body: input });
  if (created.status !== 201)
    throw new Error(`client not registered: ${created.status} ${JSON.stringify(created.body)}`);
  return {
    client_id: created.body.client.client_id,
    client_secret: created.body.client_secret,
    client: created.body.client,
  };
}

/** openid-client's configuration for the client, by discovery, over the app. */
export async function relyingParty(
  t: TestApp,
  registered: { client_id: string; client_secret?: string },
  auth?: client.ClientAuth,
) {
  const fetcher = ((url: string, init: RequestInit) => t.app.handle(new Request(url, init))) as client.CustomFetch;
  const config = await client.discovery(new URL(ISSUER), registered.client_id, registered.client_secret, auth, {
    [client.customFetch]: fetcher,
    execute: [client.allowInsecureRequests],
  });
  config[client.customFetch] = fetcher;
  return config;
}

/** An authorization request as openid-client builds it (code, PKCE S256, state, nonce). */
export async function authorizationRequest(config: client.Configuration, params: Record<string, string>) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    scope: "openid",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...params,
  });
  return { url, verifier, state, nonce };
}

/** Follows the browser's redirects through the app until it leaves it (or a page answers). */
export async function follow(
  t: TestApp,
  jar: CookieJar,
  start: string,
  max = 10,
): Promise<{ location: string; response: Response }> {
  let location = start;
  for (let i = 0; i < max; i++) {
    const url = new URL(location, ISSUER);
    if (url.origin !== ISSUER) return { location, response: new Response(null, { status: 303 }) };
    const response = await t.request(url.pathname + url.search, { jar });
    const next = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !next) return { location: url.href, response };
    location = new URL(next, url).href;
  }
  throw new Error("too many redirects");
}

/** Answers the dashboard's consent page for the request at `/consent/{uid}`; where the browser goes on. */
export async function answerConsent(t: TestApp, jar: CookieJar, consentUrl: string, allow: boolean) {
  const uid = new URL(consentUrl).pathname.split("/").at(-1) as string;
  const asked = await t.json<Json>(`/oidc/interaction/${uid}/consent`, { jar });
  if (asked.status !== 200) throw new Error(`consent details: ${asked.status} ${JSON.stringify(asked.body)}`);
  const answer = await t.json<Json>(`/oidc/interaction/${uid}/consent`, {
    method: "POST",
    jar,
    csrf: true,
    body: { allow },
  });
  if (answer.status !== 200) throw new Error(`consent answer: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { asked: asked.body, next: answer.body.redirect as string };
}

/** The whole browser side: the request, signed in already, consent answered when asked; the callback URL. */
export async function signInThrough(t: TestApp, jar: CookieJar, url: URL, allow = true): Promise<URL> {
  let { location } = await follow(t, jar, url.href);
  if (new URL(location).pathname.startsWith("/consent/")) {
    const { next } = await answerConsent(t, jar, location, allow);
    ({ location } = await follow(t, jar, next));
  }
  return new URL(location);
}

/**
 * A signed-in browser's whole code flow with `registered` (consent answered when asked), the code
 * exchanged and the ID token checked by openid-client: what it used and what it got.
 */
export async function codeFlow(
  t: TestApp,
  jar: CookieJar,
  registered: { client_id: string; client_secret?: string },
  params: Record<string, string> & { redirect_uri: string },
) {
  const config = await relyingParty(t, registered);
  const request = await authorizationRequest(config, params);
  const callback = await signInThrough(t, jar, request.url);
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
  });
  return { config, tokens, callback, request };
}

export { client };
