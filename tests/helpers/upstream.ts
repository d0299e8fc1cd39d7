/**
 * An upstream OpenID provider that nobody here wrote: panva's oidc-provider, started by a test on
 * the loopback, with its development interactions (a login form that takes any name) and accounts
 * whose claims the test chooses. It is the peer the sign-in-with-another-provider tests sign in at.
 */
import { createServer, type Server } from "node:http";
import type { CookieJar } from "./cookie-jar.ts";
import { freePort } from "./wait.ts";

export interface UpstreamAccount {
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
  name?: string;
}

export interface StartedUpstream {
  issuer: string;
  /** The claims of the account signed in as `login` (the development form's name). */
  accounts: Map<string, UpstreamAccount>;
  stop(): Promise<void>;
}

/** The upstream, with one confidential client for each redirect URI given. */
export async function startUpstream(
  clients: Array<{ client_id: string; client_secret: string; redirect_uris: string[] }>,
): Promise<StartedUpstream> {
  // The library as the server loads it (without its "unsupported runtime" line: it runs on Bun).
  const { Provider } = await import("../../src/oidc/library.ts");
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, UpstreamAccount>();
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({ ...c, grant_types: ["authorization_code"], response_types: ["code"] })),
    features: { devInteractions: { enabled: true } },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["preferred_username", "name"] },
    pkce: { required: () => true },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => ({ sub, ...(accounts.get(sub) ?? {}) }) };
    },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    accounts,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser at the upstream: from the authorization URL our server sent it to, through the
 * provider's own development pages (its login form, as `login`; its consent form), to the redirect
 * back to us. Answers that redirect's URL (the callback with its code and state). `jar` holds the
 * upstream's own cookies: the second trip of the same jar is remembered there.
 */
export async function atUpstream(authorizeUrl: string, login: string, jar: CookieJar): Promise<string> {
  const issuer = new URL(authorizeUrl).origin;
  let next = authorizeUrl;
  for (let step = 0; step < 12; step++) {
    const response = await fetch(next, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.take(response);
    const location = response.headers.get("location");
    if (location) {
      next = new URL(location, next).href;
      if (new URL(next).origin !== issuer) return next;
      continue;
    }
    const html = await response.text();
    const action = /action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`the upstream answered ${response.status} without a form`);
    const form = new URLSearchParams({ prompt, ...(prompt === "login" ? { login, password: "any" } : {}) });
    const posted = await fetch(new URL(action, issuer), {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
    });
    jar.take(posted);
    next = new URL(posted.headers.get("location") ?? "/", issuer).href;
  }
  throw new Error("the upstream never sent the browser back");
}
