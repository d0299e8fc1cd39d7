/**
 * The browser tests' application: a page the provider sends the browser back to, and openid-client
 * (a certified relying party) over real HTTP to the server under test, to begin a sign-in and to
 * finish it with what the browser brought back.
 */
import { join } from "node:path";
import * as client from "openid-client";
import { authorizationRequest } from "./oidc.ts";
import { cleanEnv } from "./process.ts";

const ROOT = join(import.meta.dir, "..", "..");

/** `datta-dashboard clients add …` against DATA_DIR (before the server holds it): its JSON. */
export async function addClient(
  dataDir: string,
  args: string[],
): Promise<{ client_id: string; client_secret: string }> {
  const proc = Bun.spawn([process.execPath, join(ROOT, "src", "main.ts"), "clients", "add", ...args], {
    env: cleanEnv({ DATA_DIR: dataDir }),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, out] = await Promise.all([proc.exited, new Response(proc.stdout).text()]);
  if (code !== 0) throw new Error(`clients add exited ${code}: ${await new Response(proc.stderr).text()}`);
  return JSON.parse(out);
}

/** An application's page on the loopback: "Back at {name}", whatever the path and query. */
export function applicationPage(name: string): { callbackUrl: string; stop(): void } {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (request) =>
      new Response(
        `<!doctype html><html lang="en"><title>${name}</title><h1>Back at ${name}</h1><p>${new URL(request.url).search.length} characters of answer</p></html>`,
        { headers: { "content-type": "text/html" } },
      ),
  });
  return { callbackUrl: `http://127.0.0.1:${server.port}/callback`, stop: () => server.stop(true) };
}

/** A sign-in the application begins (code, PKCE S256, state, nonce): where to send the browser, and how to finish. */
export async function beginSignIn(
  serverUrl: string,
  registered: { client_id: string; client_secret?: string },
  params: Record<string, string> & { redirect_uri: string },
) {
  const config = await client.discovery(new URL(serverUrl), registered.client_id, registered.client_secret, undefined, {
    execute: [client.allowInsecureRequests],
  });
  const request = await authorizationRequest(config, params);
  return {
    config,
    url: request.url,
    /** The code the browser came back with, exchanged; the ID token validated. */
    finish: (callback: URL) =>
      client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      }),
  };
}
