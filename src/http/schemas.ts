import { t } from "elysia";

/**
 * The API's shared shapes, each one `t` schema that checks requests, documents the API (OpenAPI)
 * and gives the TypeScript type (`typeof X.static`), which the dashboard imports too.
 */

export const FieldErrorSchema = t.Object({ field: t.String(), message: t.String() });
/** One entry per offending body field (plain field name, never a JSON pointer). */
export type FieldError = typeof FieldErrorSchema.static;

export const ErrorSchema = t.Object(
  {
    success: t.Literal(false),
    msg: t.String(),
    errors: t.Optional(
      t.Array(FieldErrorSchema, { description: "Present for 422 only: one entry per offending field" }),
    ),
    reason: t.Optional(
      t.Union(
        [t.Literal("signed_out_elsewhere"), t.Literal("locked"), t.Literal("password_changed"), t.Literal("expired")],
        {
          description:
            "On a 401 for a token that was valid: why its session ended (never for a token that was never valid)",
        },
      ),
    ),
  },
  { description: "The error shape of every 4xx/5xx under /api" },
);
/** The contract's error shape: every 4xx/5xx under /api. */
export type ErrorBody = typeof ErrorSchema.static;

/** The error responses a route can give, each in the error shape. */
export function errorResponses<const C extends readonly number[]>(
  ...codes: C
): { [K in C[number]]: typeof ErrorSchema } {
  return Object.fromEntries(codes.map((code) => [code, ErrorSchema])) as { [K in C[number]]: typeof ErrorSchema };
}

/** OpenAPI security requirements: a cookie route that writes also needs the CSRF header. */
type SecurityRequirement = Record<string, string[]>;
export const READ_SECURITY: SecurityRequirement[] = [{ cookieAuth: [] }, { bearerAuth: [] }];
export const WRITE_SECURITY: SecurityRequirement[] = [{ cookieAuth: [], csrfHeader: [] }, { bearerAuth: [] }];

/** An answer that says only that it worked. */
export const MessageResponse = t.Object({ success: t.Literal(true), msg: t.String() });
export type MessageResponse = typeof MessageResponse.static;

/**
 * The answers of a route that redirects (a browser's trip to another site and back), as OpenAPI
 * objects: Elysia documents no body-less answer from a `response` schema.
 */
export function redirectResponses(redirect: string, ...codes: number[]) {
  const error = { description: "An error", content: { "application/json": { schema: ErrorSchema } } };
  return { 302: { description: redirect }, ...Object.fromEntries(codes.map((code) => [code, error])) };
}
