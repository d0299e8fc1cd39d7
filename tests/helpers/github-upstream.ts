/**
 * GitHub's sign-in, as far as a test on the loopback can have it: the OAuth 2 part is panva's
 * oidc-provider (a server nobody here wrote) at GitHub's paths (`/login/oauth/authorize`,
 * `/login/oauth/access_token`), with GitHub's scopes; the two REST calls the dashboard makes
 * (`/api/v3/user`, `/api/v3/user/emails`, GitHub Enterprise Server's layout) are a fixture here that
 * answers for the person the access token was issued to, as the provider itself says.
 */
import { createServer, type Server } from "node:http";
import { freePort } from "./wait.ts";

export interface GithubAccount {
  id: number;
  login: string;
  email: string;
  verified: boolean;
}

export interface StartedGithub {
  issuer: string;
  /** By the development login form's name. */
  accounts: Map<string, GithubAccount>;
  /** The REST API answers 401 to every call while true (a token GitHub does not take). */
  refuseApi: boolean;
  stop(): Promise<void>;
}

export async function startGithub(client: { client_id: string; client_secret: string; redirect_uris: string[] }) {
  const { Provider } = await import("../../src/oidc/library.ts");
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, GithubAccount>();
  const provider = new Provider(issuer, {
    clients: [{ ...client, grant_types: ["authorization_code"], response_types: ["code"] }],
    routes: { authorization: "/login/oauth/authorize", token: "/login/oauth/access_token" },
    scopes: ["read:user", "user:email"],
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => ({ sub }) };
    },
  });
  const started: StartedGithub = {
    issuer,
    accounts,
    refuseApi: false,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const api = async (path: string, authorization: string | undefined) => {
    const token = authorization?.startsWith("Bearer ") ? await provider.AccessToken.find(authorization.slice(7)) : null;
    const account = token ? accounts.get(token.accountId) : undefined;
    if (!account || started.refuseApi) return { status: 401, body: { message: "Bad credentials" } };
    if (path === "/api/v3/user") return { status: 200, body: { id: account.id, login: account.login } };
    if (path === "/api/v3/user/emails") {
      const emails = [
        { email: `${account.login}@users.noreply.example.com`, primary: false, verified: true },
        { email: account.email, primary: true, verified: account.verified },
      ];
      return { status: 200, body: emails };
    }
    return { status: 404, body: { message: "Not Found" } };
  };
  const callback = provider.callback();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", issuer).pathname;
    if (!path.startsWith("/api/v3/")) return callback(req, res);
    void api(path, req.headers.authorization).then(({ status, body }) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return started;
}
