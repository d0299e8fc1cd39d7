import { Elysia } from "elysia";
import { invalidFields } from "./errors.ts";
import { REQUEST_FIELD_MESSAGES } from "./messages.ts";
import type { FieldError } from "./schemas.ts";

/**
 * Control characters (Unicode Cc: C0 with NUL, DEL, C1): no name, address, reason, search or id of this
 * API holds one. Postgres refuses a NUL in text outright (a 500 if it got that far), and the others
 * only hide in logs and lists. A tab or a newline is refused too: every text field here is a line.
 */
const CONTROL = /\p{Cc}/u;

/**
 * Fields that are hashed and never stored: a password may hold whatever it held when it was chosen,
 * and a sign-in must not start refusing one that works.
 */
const HASHED_ONLY = new Set(["password", "current_password", "new_password"]);

function holdsControl(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return CONTROL.test(value);
  // The body parser already refuses nesting past 32 levels; this walk never goes deeper than that.
  if (value === null || typeof value !== "object" || depth > 32) return false;
  return Object.entries(value).some(([key, inner]) => CONTROL.test(key) || holdsControl(inner, depth + 1));
}

/** The fields of a request's body, query and path parameters that hold a control character. */
export function controlCharacterFields(parts: ReadonlyArray<unknown>): FieldError[] {
  const fields = new Set<string>();
  for (const part of parts) {
    if (part === null || typeof part !== "object" || Array.isArray(part)) {
      if (holdsControl(part)) fields.add("body");
      continue;
    }
    for (const [field, value] of Object.entries(part)) {
      if (HASHED_ONLY.has(field)) continue;
      if (CONTROL.test(field) || holdsControl(value)) fields.add(CONTROL.test(field) ? "body" : field);
    }
  }
  return [...fields].map((field) => ({ field, message: REQUEST_FIELD_MESSAGES.controlChars }));
}

/**
 * Every API request's text, checked once before any route sees it: a control character in a body
 * field, a query or a path parameter is 422 naming the field, whatever the route does with it.
 */
export function plainText() {
  return new Elysia({ name: "plain-text" }).onTransform({ as: "global" }, ({ body, query, params, path }) => {
    if (!path.startsWith("/api/")) return;
    const errors = controlCharacterFields([body, query, params]);
    if (errors.length) throw invalidFields(errors);
  });
}
