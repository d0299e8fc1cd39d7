import { Elysia } from "elysia";
import { BusyError, UnavailableError } from "../platform/errors.ts";
import { RateLimitedError } from "../platform/rate-limit.ts";
import { SealedError } from "../platform/sealed.ts";
import type { Logger } from "./log.ts";
import { FIELD_MESSAGES, MESSAGES, REQUEST_FIELD_MESSAGES } from "./messages.ts";
import type { ErrorBody, FieldError } from "./schemas.ts";

/** An expected failure with its HTTP status; thrown by route handlers and the auth plugin. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    /** On a 401 for a token that was valid: why its session ended (ErrorBody's `reason`). */
    readonly reason?: ErrorBody["reason"],
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const invalidFields = (errors: FieldError[]): HttpError => new HttpError(422, MESSAGES.invalidFields, errors);

/** The phrase for a value of the wrong JSON type, by the type the schema wants. */
function wrongType(type: string): string {
  const key = `type${type.charAt(0).toUpperCase()}${type.slice(1)}` as keyof typeof REQUEST_FIELD_MESSAGES;
  const phrase = type && key in REQUEST_FIELD_MESSAGES ? REQUEST_FIELD_MESSAGES[key] : undefined;
  return typeof phrase === "string" ? phrase : REQUEST_FIELD_MESSAGES.invalid;
}

interface SchemaIssue {
  path?: string;
  value?: unknown;
  schema?: { type?: unknown };
}

/**
 * Elysia's validation errors, reduced to field names and fixed sentences. Elysia's own message
 * echoes the whole body (password included), so none of its text is passed on.
 */
function fieldErrorsFromSchema(issues: readonly SchemaIssue[]): FieldError[] {
  const byField = new Map<string, string>();
  for (const issue of issues) {
    const field = (issue.path ?? "").split("/").filter(Boolean)[0] ?? "body";
    if (byField.has(field)) continue;
    const type = typeof issue.schema?.type === "string" ? issue.schema.type : "";
    const message = issue.value === undefined && field !== "body" ? FIELD_MESSAGES.required : wrongType(type);
    byField.set(field, field === "body" ? REQUEST_FIELD_MESSAGES.jsonObject : message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

/**
 * An answer in the API's error shape, for a route that answers with a Response of its own rather
 * than throwing (not cached: it says something of this request).
 */
export function errorResponse(status: number, msg: string, headers: Record<string, string> = {}): Response {
  const body: ErrorBody = { success: false, msg };
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

const NOT_FOUND: ErrorBody = { success: false, msg: MESSAGES.notFound };

export function notFound(): Response {
  return Response.json(NOT_FOUND, { status: 404 });
}

const UNAVAILABLE_MESSAGES = { database: MESSAGES.databaseDown, store: MESSAGES.storeDown } as const;

/** What an error answers: its status, its body in the API's error shape, headers of its own. */
export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

const answer = (status: number, body: ErrorBody, headers?: Record<string, string>): ErrorAnswer => ({
  status,
  body,
  headers,
});

/**
 * The one place errors become answers: expected ones keep their status, dependency outages are
 * 503, anything else is a generic 500 whose details go to the log only. `code` is Elysia's kind of
 * error (PARSE, VALIDATION, NOT_FOUND) when the framework raised it.
 */
export function answerForError(
  error: unknown,
  logger: Logger,
  { method, path }: { method: string; path: string },
  code?: unknown,
): ErrorAnswer {
  const cause = code === "PARSE" ? (error as { cause?: unknown }).cause : error;
  if (cause instanceof HttpError) {
    const body: ErrorBody = { success: false, msg: cause.message };
    if (cause.errors) body.errors = cause.errors;
    if (cause.reason) body.reason = cause.reason;
    return answer(cause.status, body, cause.headers);
  }
  if (cause instanceof RateLimitedError) {
    // A limit a feature declared said no (its own sentence); the client may try again after this.
    return answer(429, { success: false, msg: cause.message }, { "retry-after": String(cause.retryAfterSeconds) });
  }
  if (cause instanceof UnavailableError) {
    return answer(503, { success: false, msg: UNAVAILABLE_MESSAGES[cause.dependency] }, { "retry-after": "5" });
  }
  if (cause instanceof SealedError) {
    // A secret kept sealed (a TOTP secret, say) that no DATA_ENCRYPTION_KEY opens: the server's
    // configuration, not the request, is wrong. Never a pass; the operator is told what to fix.
    logger.error("a sealed secret did not open: DATA_ENCRYPTION_KEY lacks the key that sealed it", {
      method,
      path,
    });
    return answer(503, { success: false, msg: MESSAGES.secretsUnavailable }, { "retry-after": "60" });
  }
  if (cause instanceof BusyError) {
    return answer(503, { success: false, msg: MESSAGES.busy }, { "retry-after": String(cause.retryAfterSeconds) });
  }
  switch (code) {
    case "PARSE":
      return answer(400, { success: false, msg: MESSAGES.notJson });
    case "VALIDATION":
      return answer(422, {
        success: false,
        msg: MESSAGES.invalidFields,
        errors: fieldErrorsFromSchema((error as unknown as { all: SchemaIssue[] }).all),
      });
    case "NOT_FOUND":
      return answer(404, NOT_FOUND);
    default:
      logger.error("unhandled error", {
        method,
        path,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return answer(500, { success: false, msg: MESSAGES.internal });
  }
}

/** The error handler of the app: every error, thrown by a route or the framework, through answerForError. */
export function errorHandler(logger: Logger) {
  return new Elysia({ name: "error-handler" })
    .error({ HttpError })
    .onError({ as: "global" }, ({ code, error, request, path, set }) => {
      const { status, body, headers } = answerForError(error, logger, { method: request.method, path }, code);
      // Through `set`, so the request log sees the status that was sent.
      set.status = status;
      if (headers) Object.assign(set.headers, headers);
      return body;
    });
}
