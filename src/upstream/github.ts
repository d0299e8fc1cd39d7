/**
 * GitHub (`kind: "github"`): plain OAuth 2, no OpenID Connect, so no discovery and no ID token. The
 * code flow with PKCE and state is still openid-client's; who the person is comes from GitHub's API
 * with the access token: `GET /user` (the numeric id is the subject: a login can be renamed and
 * reused) and `GET /user/emails` (the primary address, and whether GitHub verified it).
 * github.com's API is api.github.com; GitHub Enterprise Server's is ISSUER/api/v3.
 */
import * as client from "openid-client";
import type { UpstreamClaims } from "./service.ts";
import type { UpstreamSetting } from "./settings.ts";

const GITHUB = "https://github.com";

export function githubConfiguration(setting: UpstreamSetting, execute: Array<(config: client.Configuration) => void>) {
  const config = new client.Configuration(
    {
      issuer: setting.issuer,
      authorization_endpoint: `${setting.issuer}/login/oauth/authorize`,
      token_endpoint: `${setting.issuer}/login/oauth/access_token`,
    },
    setting.clientId,
    setting.clientSecret,
  );
  for (const step of execute) step(config);
  return config;
}

const apiOf = (issuer: string): string => (issuer === GITHUB ? "https://api.github.com" : `${issuer}/api/v3`);

interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

/** Who signed in, from GitHub's API; throws (the callback's one 400) when it does not answer as GitHub does. */
export async function githubClaims(
  setting: UpstreamSetting,
  config: client.Configuration,
  accessToken: string,
): Promise<UpstreamClaims> {
  const get = async (path: string): Promise<unknown> => {
    const headers = new Headers({ accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" });
    const url = new URL(`${apiOf(setting.issuer)}${path}`);
    const response = await client.fetchProtectedResource(config, accessToken, url, "GET", undefined, headers);
    if (!response.ok) throw new Error(`GitHub's ${path} answered ${response.status}`);
    return response.json();
  };
  const user = (await get("/user")) as { id?: unknown; login?: unknown };
  if (typeof user.id !== "number" || !Number.isSafeInteger(user.id)) throw new Error("GitHub's /user has no id");
  const emails = await get("/user/emails");
  const primary = Array.isArray(emails) ? (emails as GithubEmail[]).find((e) => e?.primary === true) : undefined;
  return {
    subject: String(user.id),
    email: typeof primary?.email === "string" ? primary.email : null,
    emailVerified: primary?.verified === true,
    username: typeof user.login === "string" ? user.login : null,
    mfa: false,
  };
}
