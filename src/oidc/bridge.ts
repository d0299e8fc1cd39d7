/**
 * The provider is a Koa app (oidc-provider); the server is Elysia on Bun. A request crosses as a
 * Node request/response pair (fetch-to-node) and its answer comes back as a fetch Response.
 *
 * The provider builds every URL it hands out from the request (`ctx.href`), so the request it sees
 * is addressed to PUBLIC_URL whatever Host it came with: the issuer and every endpoint are
 * PUBLIC_URL's, behind a proxy or not, and no header can make them anything else.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { toFetchResponse, toReqRes } from "fetch-to-node";
import { MAX_BODY_BYTES, readLimited, tooLarge } from "../http/body.ts";
import { MESSAGES } from "../http/messages.ts";
import { type Dependency, UnavailableError } from "../platform/errors.ts";
import { unavailablePage } from "./pages.ts";
import { withRequestReads } from "./request-reads.ts";

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;
export interface NodePair {
  req: IncomingMessage;
  res: ServerResponse;
}

/** Provider requests whose server_error was a backend that could not answer (provider.ts marks them). */
const backendDown = new WeakMap<object, Dependency>();

/** Called with the provider's server_error: an unreachable database or store is a 503, not a 500. */
export function noteServerError(req: object, error: unknown): void {
  if (error instanceof UnavailableError) backendDown.set(req, error.dependency);
}

/**
 * The answer to a provider request a backend could not serve: 503 with Retry-After, as every route
 * of this server answers then (the provider itself says 500 server_error), in the provider's shape:
 * a page for a browser's step, an OAuth error body otherwise.
 */
function unavailable(answer: Response, dependency: Dependency): Response {
  const message = dependency === "database" ? MESSAGES.databaseDown : MESSAGES.storeDown;
  const html = answer.headers.get("content-type")?.startsWith("text/html") ?? false;
  return new Response(
    html ? unavailablePage(message) : JSON.stringify({ error: "temporarily_unavailable", error_description: message }),
    {
      status: 503,
      headers: {
        "content-type": html ? "text/html; charset=utf-8" : "application/json; charset=utf-8",
        "cache-control": "no-store",
        "retry-after": "5",
      },
    },
  );
}

export function bridge(publicUrl: string) {
  const origin = new URL(publicUrl);
  const encrypted = origin.protocol === "https:";

  /**
   * The request as the provider sees it: addressed to PUBLIC_URL, its body read (64 KiB at most),
   * or the body a route read already (`read`).
   */
  const toNode = async (request: Request, path?: string, read?: Uint8Array): Promise<NodePair> => {
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    headers.set("host", origin.host);
    for (const name of ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"]) headers.delete(name);
    // Read whole, as every body here: Koa sees a body only with its length.
    const declared = request.headers.get("content-length");
    if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
    const body = read ?? (request.body ? await readLimited(request, MAX_BODY_BYTES) : null);
    if (body) headers.set("content-length", String(body.byteLength));
    headers.delete("transfer-encoding");
    const addressed = new Request(new URL((path ?? url.pathname) + url.search, origin), {
      method: request.method,
      headers,
    });
    const { req, res } = toReqRes(addressed);
    // The body is whole already: handed to the Node request as its data, not as a stream the
    // adapter would pump chunk by chunk through a ReadableStream reader.
    if (body) req.push(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    // Koa reads the socket for the scheme and the peer; the adapter's request has none.
    Object.defineProperty(req, "socket", { value: { encrypted, remoteAddress: "127.0.0.1" }, configurable: true });
    return { req: req as unknown as IncomingMessage, res: res as unknown as ServerResponse };
  };

  return {
    toNode,
    /**
     * The provider's answer to `request` (at `path`, when it is asked there under another name; with
     * `read`, the body a route read already).
     */
    async handle(handler: NodeHandler, request: Request, path?: string, read?: Uint8Array): Promise<Response> {
      const { req, res } = await toNode(request, path, read);
      // One scope of reads for the request: what it read once, it does not ask again.
      withRequestReads(() => handler(req, res));
      const answer = await toFetchResponse(res);
      const down = answer.status === 500 ? backendDown.get(req) : undefined;
      return down ? unavailable(answer, down) : answer;
    },
  };
}
