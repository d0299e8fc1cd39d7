import { writeSync } from "node:fs";
import { Elysia } from "elysia";

export type LogFields = Record<string, string | number | boolean | undefined>;

/** Structured JSON lines. Callers pass field values, never a password, token or cookie. */
export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/**
 * Lines for stdout, gathered and written once per turn of the event loop: under load that is one
 * write for many requests instead of one each, through Bun's own writer of the stdout file (a Node
 * stream's write cost twice as much CPU per line). Flushed synchronously at exit, so a crash or a
 * shutdown loses nothing already logged.
 */
function batchedStdout(): (line: string) => void {
  let pending = "";
  const out = Bun.stdout.writer();
  const flush = () => {
    if (pending === "") return;
    const text = pending;
    pending = "";
    out.write(text);
    void out.flush();
  };
  process.on("exit", () => {
    if (pending !== "") writeSync(1, pending);
  });
  return (line) => {
    if (pending === "") setImmediate(flush);
    pending += `${line}\n`;
  };
}

export function createLogger(write: (line: string) => void = batchedStdout()): Logger {
  const emit = (level: string, msg: string, fields?: LogFields): void =>
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
  return {
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Told of every answered request (metrics): method, route pattern, status, seconds. */
export type Answered = (method: string, route: string, status: number, seconds: number) => void;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The proxy's X-Request-Id when it is well formed, else a new one. */
export function requestIdOf(request: Request): string {
  const incoming = request.headers.get("x-request-id");
  return incoming !== null && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/**
 * The request's line (never the query string, which could carry a token) and, for /metrics, its
 * observation under the route as registered (`/api/admin/users/:uid`, never the path asked).
 */
export function logAnswered(
  logger: Logger,
  onAnswered: Answered | undefined,
  answer: { method: string; path: string; route: string; status: number; ms: number | undefined; rid?: string },
): void {
  const { method, path, route, status, ms, rid } = answer;
  logger.info("request", { method, path, status, ms: ms === undefined ? undefined : Math.round(ms * 100) / 100, rid });
  onAnswered?.(method, route, status, (ms ?? 0) / 1000);
}

const STARTED = Symbol("request-log");
type Tracked = { [STARTED]?: { at: number; id: string } };

/**
 * One line per request: method, path (never the query string, which could carry a token),
 * status, duration and a request id (the proxy's X-Request-Id when well formed, else a new one),
 * echoed in the response's X-Request-Id; and, for /metrics, `onAnswered` with the route's pattern.
 */
export function requestLog(logger: Logger, onAnswered?: Answered) {
  return new Elysia({ name: "request-log" })
    .onRequest((context) => {
      const id = requestIdOf(context.request);
      // Kept on the request's own context (one object from onRequest to onAfterResponse): a
      // WeakMap keyed by Request cost a tenth of the CPU of a whole authenticated request.
      (context as Tracked)[STARTED] = { at: performance.now(), id };
      context.set.headers["x-request-id"] = id;
    })
    .onAfterResponse({ as: "global" }, (context) => {
      const start = (context as Tracked)[STARTED];
      // A route that answers a Response of its own (the OpenID provider's) says its status there.
      const status =
        context.responseValue instanceof Response
          ? context.responseValue.status
          : typeof context.set.status === "number"
            ? context.set.status
            : 200;
      logAnswered(logger, onAnswered, {
        method: context.request.method,
        path: context.path,
        route: context.route || "(no route)",
        status,
        ms: start ? performance.now() - start.at : undefined,
        rid: start?.id,
      });
    });
}
