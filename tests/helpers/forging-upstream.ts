/**
 * A man in the middle of an upstream provider, for the ID-token attacks: it presents itself as an
 * issuer of its own (its discovery document is the upstream's with its own issuer, keys and token
 * endpoint), forwards the code exchange to the real upstream, and re-signs the ID token that comes
 * back with its own key, changed as the test's `mode` says. In the "honest" mode the sign-in must
 * work (the harness itself is sound); in every other one the dashboard must refuse the callback.
 */
import * as jose from "jose";
import { freePort } from "./wait.ts";

export type Forgery = "honest" | "nonce" | "aud" | "iss" | "expired" | "other-key" | "none";

export interface ForgingUpstream {
  issuer: string;
  mode: Forgery;
  /** Claims added to every ID token it signs (an `amr` the real upstream never says, say). */
  extra: Record<string, unknown>;
  stop(): void;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

export async function startForgingUpstream(upstreamIssuer: string): Promise<ForgingUpstream> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const kid = "forging-key";
  const ours = await jose.generateKeyPair("RS256", { extractable: true });
  const stranger = await jose.generateKeyPair("RS256");
  const jwk = { ...(await jose.exportJWK(ours.publicKey)), kid, alg: "RS256", use: "sig" };
  const real = (await (await fetch(`${upstreamIssuer}/.well-known/openid-configuration`)).json()) as Record<
    string,
    unknown
  >;

  const forged: ForgingUpstream = { issuer, mode: "honest", extra: {}, stop: () => server.stop(true) };

  const reSign = async (idToken: string): Promise<string> => {
    const claims: jose.JWTPayload = { ...jose.decodeJwt(idToken), ...forged.extra, iss: issuer };
    const now = Math.floor(Date.now() / 1000);
    if (forged.mode === "nonce") claims.nonce = "a-nonce-this-browser-never-had";
    if (forged.mode === "aud") claims.aud = "another-client";
    if (forged.mode === "iss") claims.iss = upstreamIssuer;
    if (forged.mode === "expired") Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    if (forged.mode === "none") return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
    const key = forged.mode === "other-key" ? stranger.privateKey : ours.privateKey;
    return new jose.SignJWT(claims).setProtectedHeader({ alg: "RS256", kid }).sign(key);
  };

  const server = Bun.serve({
    port,
    hostname: "127.0.0.1",
    async fetch(request) {
      const path = new URL(request.url).pathname;
      if (path === "/.well-known/openid-configuration") {
        return Response.json({
          ...real,
          issuer,
          jwks_uri: `${issuer}/jwks`,
          token_endpoint: `${issuer}/token`,
          // The browser goes to the real upstream, which names itself in `iss`: the test leaves it out.
          authorization_response_iss_parameter_supported: false,
          id_token_signing_alg_values_supported: ["RS256"],
        });
      }
      if (path === "/jwks") return Response.json({ keys: [jwk] });
      if (path === "/token") {
        const answer = await fetch(real.token_endpoint as string, {
          method: "POST",
          headers: request.headers,
          body: await request.text(),
        });
        const body = (await answer.json()) as Record<string, unknown>;
        if (typeof body.id_token === "string") body.id_token = await reSign(body.id_token);
        return Response.json(body, { status: answer.status });
      }
      return new Response("not here", { status: 404 });
    },
  });
  return forged;
}
