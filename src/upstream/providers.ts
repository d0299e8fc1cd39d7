/**
 * The upstream providers as this server reaches them: each OpenID provider's discovery document,
 * fetched by openid-client (panva's certified relying party), which also checks that the document
 * names the configured issuer exactly. A provider that cannot be reached at start is a warning and
 * a button shown unavailable, not a failed start; it is asked again in the background, at most
 * every 30 seconds, when someone lists the providers: no request waits on a provider that is down.
 */
import * as client from "openid-client";
import type { Logger } from "../http/log.ts";
import { githubClaims, githubConfiguration } from "./github.ts";
import type { UpstreamClaims } from "./service.ts";
import type { UpstreamSetting } from "./settings.ts";

const RETRY_MS = 30_000;
/** How long a provider's discovery may take before it counts as unreachable. */
const DISCOVERY_TIMEOUT_S = 5;

export interface Upstream {
  setting: UpstreamSetting;
  /** openid-client's configuration, once discovery answered (GitHub's is fixed: no discovery). */
  config(): Promise<client.Configuration | null>;
  /** An OpenID provider: a nonce sent, an ID token expected (GitHub: neither). */
  oidc: boolean;
  /** Who signed in, from the code exchange's answer (validated by openid-client). */
  claims(config: client.Configuration, tokens: Tokens): Promise<UpstreamClaims>;
}

type Tokens = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

export interface UpstreamDeps {
  logger: Logger;
  now?: () => number;
}

/**
 * openid-client's options for a provider: the ID token's signature is checked against the
 * provider's JWKS even though it comes straight from the token endpoint (OpenID Connect lets a
 * client trust TLS for that instead; a man in the middle that TLS missed must not sign anyone in);
 * plain http only on the loopback (settings.ts allows no other).
 */
export const clientOptions = (setting: UpstreamSetting) => ({
  timeout: DISCOVERY_TIMEOUT_S,
  execute: [client.enableNonRepudiationChecks, ...loopback(setting)],
});

const loopback = (setting: UpstreamSetting) =>
  setting.issuer.startsWith("http:") ? [client.allowInsecureRequests] : [];

/** The claims the dashboard uses: the ID token's (and the provider's userinfo, when it lacks an address). */
async function oidcClaims(config: client.Configuration, tokens: Tokens): Promise<UpstreamClaims> {
  const id = tokens.claims();
  if (!id) throw new Error("no ID token");
  let source: Record<string, unknown> = id;
  if (typeof id.email !== "string" && config.serverMetadata().userinfo_endpoint) {
    source = { ...(await client.fetchUserInfo(config, tokens.access_token, id.sub)), ...id };
  }
  const text = (key: string) => (typeof source[key] === "string" ? (source[key] as string) : null);
  return {
    subject: id.sub,
    email: text("email"),
    emailVerified: source.email_verified === true,
    username: text("preferred_username") ?? text("nickname") ?? text("name"),
    mfa: Array.isArray(id.amr) && id.amr.includes("mfa"),
  };
}

function upstream(setting: UpstreamSetting, { logger, now = Date.now }: UpstreamDeps): Upstream {
  let found: client.Configuration | null = null;
  let askedAt = Number.NEGATIVE_INFINITY;
  let retrying = false;
  const discover = async (): Promise<client.Configuration | null> => {
    askedAt = now();
    try {
      found = await client.discovery(
        new URL(setting.issuer),
        setting.clientId,
        setting.clientSecret,
        undefined,
        clientOptions(setting),
      );
      return found;
    } catch (error) {
      // Its kind and the provider, never the client secret (it is in no message openid-client makes).
      logger.warn("a sign-in provider could not be discovered: its button is unavailable", {
        provider: setting.id,
        issuer: setting.issuer,
        detail: error instanceof Error ? error.name : "error",
        message: error instanceof Error ? error.message.slice(0, 200) : undefined,
      });
      return null;
    }
  };
  // The first discovery, begun now: the requests that come while it is under way wait for it.
  let first: Promise<client.Configuration | null> | null = discover().finally(() => {
    first = null;
  });
  return {
    setting,
    oidc: true,
    claims: oidcClaims,
    config() {
      if (found) return Promise.resolve(found);
      if (first) return first;
      // A retry is not waited for: begun in the background, while this request answers "unavailable".
      if (!retrying && now() - askedAt >= RETRY_MS) {
        retrying = true;
        void discover().finally(() => {
          retrying = false;
        });
      }
      return Promise.resolve(null);
    },
  };
}

/** GitHub: its endpoints are known (no discovery), so its button is always available. */
function github(setting: UpstreamSetting): Upstream {
  const config = githubConfiguration(setting, loopback(setting));
  return {
    setting,
    oidc: false,
    config: () => Promise.resolve(config),
    claims: (_config, tokens) => githubClaims(setting, config, tokens.access_token),
  };
}

/**
 * Every configured provider, each asked for its discovery document now, in the background: a start
 * never waits on another server (what is not answered yet is asked again when needed).
 */
export function upstreamsOf(settings: readonly UpstreamSetting[], deps: UpstreamDeps): Upstream[] {
  return settings.map((setting) => (setting.kind === "github" ? github(setting) : upstream(setting, deps)));
}
