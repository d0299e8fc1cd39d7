/**
 * An upstream OpenID provider that nobody here wrote: panva's oidc-provider, started by a test on
 * the loopback, with its development interactions (a login form that takes any name) and accounts
 * whose claims the test chooses. It is the peer the sign-in-with-another-provider tests sign in at.
 */
import { createServer, type Server } from "node:http";
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
