import { t } from "elysia";

/** Response shapes shared by the routes; they also document the API (OpenAPI). */

export const FieldErrorSchema = t.Object({ field: t.String(), message: t.String() });

export const ErrorSchema = t.Object(
  {
    success: t.Literal(false),
    msg: t.String(),
    errors: t.Optional(t.Array(FieldErrorSchema, { description: "Present for 422 only: one entry per offending field" })),
  },
  { description: "The error shape of every 4xx/5xx under /api" },
);

export const UserSchema = t.Object({
  public_id: t.String({ format: "uuid", description: "The user's public id; also the token subject. Rotated on logout and password change" }),
  username: t.String(),
  email: t.String(),
  role: t.String(),
  created_at: t.String({ format: "date-time" }),
});

export const UserResponse = t.Object({ success: t.Literal(true), msg: t.String(), user: UserSchema });

/** The error responses a route can give, each in the error shape. */
export function errorResponses<const C extends readonly number[]>(...codes: C): { [K in C[number]]: typeof ErrorSchema } {
  return Object.fromEntries(codes.map((code) => [code, ErrorSchema])) as { [K in C[number]]: typeof ErrorSchema };
}

/** OpenAPI security requirements: a cookie route that writes also needs the CSRF header. */
type SecurityRequirement = Record<string, string[]>;
export const READ_SECURITY: SecurityRequirement[] = [{ cookieAuth: [] }, { bearerAuth: [] }];
export const WRITE_SECURITY: SecurityRequirement[] = [{ cookieAuth: [], csrfHeader: [] }, { bearerAuth: [] }];
