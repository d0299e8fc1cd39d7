/**
 * Hot routes served by Bun's own router (`Bun.serve({ routes })`), outside Elysia's hooks, with the
 * contract every answer of this API keeps: the request in its language scope, the request id (the
 * proxy's or a new one, echoed), the security headers and no-store, errors in the API's shape
 * (answerForError, as the error handler), one log line and one metrics observation. What each
 * route does is one handler, which the same route in the Elysia app also calls (the API document
 * and the parity test read that one), so a route's behaviour is written once.
 *
 * Measured: the framework's hooks (wrap, onRequest x2, the macro's resolve, onAfterResponse,
 * response validation) cost a third of what the whole /me request costs (bench/analysis.md).
 */
import type { Server } from "bun";
import type { Language } from "./catalogue.ts";
import { answerForError } from "./errors.ts";
import { inRequestLanguage } from "./language.ts";
import { type Answered, type Logger, logAnswered, requestIdOf } from "./log.ts";
import { securityHeaderValues } from "./security-headers.ts";

/** Headers to add and the status, as a route sets them (the shape of Elysia's `set`). */
export interface AnswerSet {
  status?: number | string;
  headers: Record<string, unknown>;
}

/**
 * What a hot route does: given the request, what to set and the server (null in app.handle), it
 * answers a value (sent as JSON) or a Response (to which `set`'s headers are added), or throws.
 */
export type NativeHandler<T = unknown> = (
  request: Request,
  set: AnswerSet,
  server: Server<unknown> | null,
) => Promise<T>;

/** A route a feature serves natively: GET only (the hot paths are reads). */
export interface NativeRoute<T = unknown> {
  path: `/${string}`;
  handler: NativeHandler<T>;
}

/** A route as Bun's router calls it. */
export type ServedRoute = (request: Request, server?: Server<unknown>) => Promise<Response>;

export interface NativeContract {
  logger: Logger;
  onAnswered?: Answered;
  fallbackLanguage: Language;
  https: boolean;
}

function allStrings(set: AnswerSet["headers"]): boolean {
  for (const name in set) if (typeof set[name] !== "string") return false;
  return true;
}

/** `set`'s headers added to an answer: the answer's own win, cookies are added to its cookies. */
function headersOf(own: Headers | null, set: AnswerSet["headers"]): HeadersInit {
  // Only strings and at most one cookie (a read's usual answer): as they are, Bun reads them natively.
  if (own === null && allStrings(set)) return set as HeadersInit;
  const headers = new Headers(own ?? undefined);
  for (const name in set) {
    const value = set[name];
    if (value === undefined) continue;
    if (name === "set-cookie") {
      for (const cookie of Array.isArray(value) ? value : [value]) headers.append(name, String(cookie));
    } else if (!own?.has(name)) headers.set(name, String(value));
  }
  return headers;
}

/** Each route of `routes` under the contract, keyed by path as `Bun.serve({ routes })` takes them. */
export function serveNatively(
  routes: readonly NativeRoute[],
  { logger, onAnswered, fallbackLanguage, https }: NativeContract,
): Record<string, { GET: ServedRoute }> {
  const every = { ...securityHeaderValues({ https }), "cache-control": "no-store" };
  const serve =
    ({ path: route, handler }: NativeRoute): ServedRoute =>
    (request, server) =>
      inRequestLanguage(request, fallbackLanguage, async () => {
        const at = performance.now();
        const rid = requestIdOf(request);
        const set: AnswerSet = { headers: { ...every, "x-request-id": rid } };
        let response: Response;
        try {
          const value = await handler(request, set, server ?? null);
          const status = typeof set.status === "number" ? set.status : 200;
          response =
            value instanceof Response
              ? new Response(value.body, {
                  status: value.status === 200 ? status : value.status,
                  headers: headersOf(value.headers, set.headers),
                })
              : Response.json(value, { status, headers: headersOf(null, set.headers) });
        } catch (error) {
          const answer = answerForError(error, logger, { method: request.method, path: route });
          Object.assign(set.headers, answer.headers);
          response = Response.json(answer.body, { status: answer.status, headers: headersOf(null, set.headers) });
        }
        const ms = performance.now() - at;
        // After the answer is sent, as Elysia's onAfterResponse: the lines keep the requests' order.
        const status = response.status;
        setImmediate(() =>
          logAnswered(logger, onAnswered, { method: request.method, path: route, route, status, ms, rid }),
        );
        return response;
      });
  return Object.fromEntries(routes.map((route) => [route.path, { GET: serve(route) }]));
}

/** A URL's path, without its query. */
function pathOf(url: string): string {
  const from = url.indexOf("/", url.indexOf("//") + 2);
  const query = url.indexOf("?", from);
  return from < 0 ? "/" : url.slice(from, query < 0 ? undefined : query);
}

/** `handle` finding the native routes first, as Bun's router does (app.handle: the tests' way in). */
export function nativeFirst(
  native: Record<string, { GET: ServedRoute }>,
  handle: (request: Request) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return (request) => {
    const route = request.method === "GET" ? native[pathOf(request.url)] : undefined;
    return route ? route.GET(request) : handle(request);
  };
}
