import { Elysia } from "elysia";
import { BusyError, UnavailableError } from "../platform/errors.ts";
import type { Logger } from "./log.ts";

/** One entry per offending body field (plain field name, never a JSON pointer). */
export interface FieldError {
  field: string;
  message: string;
}

/** The contract's error shape: every 4xx/5xx under /api. */
export interface ErrorBody {
  success: false;
  msg: string;
  errors?: FieldError[];
}

/** An expected failure with its HTTP status; thrown by route handlers and the auth plugin. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const invalidFields = (errors: FieldError[]): HttpError =>
  new HttpError(422, "Some fields are invalid.", errors);

interface SchemaIssue {
  path?: string;
  value?: unknown;
  schema?: { type?: unknown };
}

const TYPE_NAMES: Record<string, string> = {
  string: "must be a string",
  number: "must be a number",
  integer: "must be a whole number",
  boolean: "must be true or false",
  object: "must be a JSON object",
  array: "must be a list",
};

/**
 * Elysia's validation errors, reduced to field names and fixed sentences. Elysia's own message
 * echoes the whole body (password included), so none of its text is passed on.
 */
export function fieldErrorsFromSchema(issues: readonly SchemaIssue[]): FieldError[] {
  const byField = new Map<string, string>();
  for (const issue of issues) {
    const field = (issue.path ?? "").split("/").filter(Boolean)[0] ?? "body";
    if (byField.has(field)) continue;
    const type = typeof issue.schema?.type === "string" ? issue.schema.type : "";
    const message = issue.value === undefined && field !== "body" ? "is required" : (TYPE_NAMES[type] ?? "is invalid");
    byField.set(field, field === "body" ? "must be a JSON object" : message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

const NOT_FOUND: ErrorBody = { success: false, msg: "Not found." };

export function notFound(): Response {
  return Response.json(NOT_FOUND, { status: 404 });
}

const UNAVAILABLE_MESSAGES = {
  database: "The database is unavailable; try again shortly.",
  store: "The session store is unavailable; try again shortly.",
} as const;

/**
 * The one place errors become responses: expected ones keep their status, dependency outages are
 * 503, anything else is a generic 500 whose details go to the log only.
 */
export function errorHandler(logger: Logger) {
  return new Elysia({ name: "error-handler" }).error({ HttpError }).onError({ as: "global" }, ({ code, error, request, path, set }) => {
    // Through `set`, so the request log sees the status that was sent.
    const errorResponse = (status: number, body: ErrorBody, headers?: Record<string, string>): ErrorBody => {
      set.status = status;
      if (headers) Object.assign(set.headers, headers);
      return body;
    };
    const cause = code === "PARSE" ? (error as { cause?: unknown }).cause : error;
    if (cause instanceof HttpError) {
      const body: ErrorBody = { success: false, msg: cause.message };
      if (cause.errors) body.errors = cause.errors;
      return errorResponse(cause.status, body, cause.headers);
    }
    if (cause instanceof UnavailableError) {
      return errorResponse(503, { success: false, msg: UNAVAILABLE_MESSAGES[cause.dependency] }, { "retry-after": "5" });
    }
    if (cause instanceof BusyError) {
      return errorResponse(
        503,
        { success: false, msg: "The server is busy; try again shortly." },
        { "retry-after": String(cause.retryAfterSeconds) },
      );
    }
    switch (code) {
      case "PARSE":
        return errorResponse(400, { success: false, msg: "The request body is not valid JSON." });
      case "VALIDATION":
        return errorResponse(422, {
          success: false,
          msg: "Some fields are invalid.",
          errors: fieldErrorsFromSchema((error as unknown as { all: SchemaIssue[] }).all),
        });
      case "NOT_FOUND":
        return errorResponse(404, NOT_FOUND);
      default:
        logger.error("unhandled error", {
          method: request.method,
          path,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        return errorResponse(500, { success: false, msg: "Internal server error." });
    }
  });
}
