/**
 * The OpenID provider's share of `bun run bench`: a client registered with the binary's CLI, a user
 * signed in through the code flow (the dashboard session as the sign-in, a first-party client: no
 * page), then the token endpoint (the code exchange, a loop of fresh codes; the refresh grant,
 * userinfo and introspection under wrk) against /api/users/me in the same run.
 */
import { createHash } from "node:crypto";
import { BINARY } from "../scripts/cluster.ts";
import { cpuSeconds, median, type WrkResult, wrk } from "./wrk.ts";

const VERIFIER = "bench-pkce-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
const CHALLENGE = createHash("sha256").update(VERIFIER).digest("base64url");
const CALLBACK = "http://127.0.0.1:9/callback";
const FORM = "application/x-www-form-urlencoded";

export interface OidcBench {
  /** A new access and refresh token (the refresh grant, once). */
  tokens(): Promise<{ accessToken: string; refreshToken: string }>;
  /** `n` fresh authorization codes, each as the browser gets it (one request: the session is there). */
  codes(n: number): Promise<string[]>;
  exchange(code: string): Promise<Response>;
  basic: string;
}

/** Registers a first-party client with the binary's CLI and signs the bench user in to it. */
export async function prepareOidc(url: string, env: Record<string, string>, sessionCookie: string): Promise<OidcBench> {
  const added = Bun.spawnSync(
    [
      BINARY,
      "clients",
      "add",
      "--name",
      "Bench",
      "--redirect-uri",
      CALLBACK,
      "--first-party",
      "--scope",
      "openid profile email",
    ],
    { env: { PATH: process.env.PATH ?? "", ...env }, stdout: "pipe", stderr: "pipe" },
  );
  if (added.exitCode !== 0) throw new Error(`clients add: ${added.stderr.toString()}`);
  const { client_id, client_secret } = JSON.parse(added.stdout.toString()) as Record<string, string>;
  return signedInToClient(url, client_id as string, client_secret as string, sessionCookie);
}

/**
 * The bench user, signed in to the dashboard (`sessionCookie`), signed in to a first-party client:
 * its first tokens, and what makes more. `fetch` is how requests reach the server (bench/cpu.ts
 * hands its app in process).
 */
export async function signedInToClient(
  url: string,
  client_id: string,
  client_secret: string,
  sessionCookie: string,
  { fetch = globalThis.fetch }: { fetch?: (input: string | URL, init?: RequestInit) => Promise<Response> } = {},
): Promise<OidcBench> {
  const basic = `Basic ${btoa(`${client_id}:${client_secret}`)}`;
  const cookies = new Map(sessionCookie.split("; ").map((pair) => pair.split("=") as [string, string]));
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const origin = new URL(url);

  /** Follows the browser's redirects on the server until the callback: its code. */
  const code = async (): Promise<string> => {
    const query = new URLSearchParams({
      client_id,
      redirect_uri: CALLBACK,
      response_type: "code",
      scope: "openid profile email",
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
    });
    let location = `/oidc/auth?${query}`;
    for (let step = 0; step < 8; step++) {
      const target = new URL(location, url);
      if (target.href.startsWith(CALLBACK)) return target.searchParams.get("code") as string;
      target.protocol = origin.protocol;
      target.host = origin.host;
      const answer = await fetch(target, { headers: { cookie: cookieHeader() }, redirect: "manual" });
      for (const set of answer.headers.getSetCookie()) {
        const [pair = ""] = set.split(";");
        const eq = pair.indexOf("=");
        cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      location = answer.headers.get("location") ?? "";
      if (!location) throw new Error(`the flow stopped at ${target.pathname}: ${answer.status}`);
    }
    throw new Error("the flow did not come back");
  };
  const exchange = (value: string) =>
    fetch(`${url}/oidc/token`, {
      method: "POST",
      headers: { "content-type": FORM, authorization: basic },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: value,
        redirect_uri: CALLBACK,
        code_verifier: VERIFIER,
      }),
    });
  const first = (await (await exchange(await code())).json()) as Record<string, string>;
  if (!first.refresh_token) throw new Error(`no refresh token: ${JSON.stringify(first)}`);
  const refreshToken = first.refresh_token;
  return {
    basic,
    exchange,
    async codes(n) {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(await code());
      return out;
    },
    async tokens() {
      const answer = await fetch(`${url}/oidc/token`, {
        method: "POST",
        headers: { "content-type": FORM, authorization: basic },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
      });
      const body = (await answer.json()) as Record<string, string>;
      return { accessToken: body.access_token as string, refreshToken: body.refresh_token ?? refreshToken };
    },
  };
}

/** The code exchange: `codes` fresh codes exchanged by `concurrency` loops; req/s and p99 (ms). */
export async function exchangeRate(
  bench: OidcBench,
  codes: number,
  concurrency: number,
  pid: number,
): Promise<WrkResult> {
  const pending = await bench.codes(codes);
  const cpuBefore = cpuSeconds(pid);
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
        const at = performance.now();
        const answer = await bench.exchange(value);
        await answer.arrayBuffer();
        latencies.push(performance.now() - at);
        if (answer.status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perCpuSecond: latencies.length / cpu,
    rps: latencies.length / seconds,
    p50: median(latencies),
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? Number.NaN,
    non2xx: failures,
    errors: 0,
  };
}

/** The refresh grant, userinfo and introspection under wrk, each `seconds` long. */
export async function oidcScenarios(url: string, bench: OidcBench, connections: number, seconds: number, pid: number) {
  const { accessToken, refreshToken } = await bench.tokens();
  const form = (body: Record<string, string>) => ({
    WRK_METHOD: "POST",
    WRK_CONTENT_TYPE: FORM,
    WRK_AUTHORIZATION: bench.basic,
    WRK_BODY: new URLSearchParams(body).toString(),
  });
  return {
    refresh: wrk(
      `${url}/oidc/token`,
      connections,
      seconds,
      form({ grant_type: "refresh_token", refresh_token: refreshToken }),
      pid,
    ),
    userinfo: wrk(`${url}/oidc/me`, connections, seconds, { WRK_AUTHORIZATION: `Bearer ${accessToken}` }, pid),
    introspection: wrk(`${url}/oidc/token/introspection`, connections, seconds, form({ token: accessToken }), pid),
  };
}
