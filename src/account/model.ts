import { t } from "elysia";
import type { ActivityEventSchema } from "../users/model.ts";
import { NEW_PASSWORD_RULES as NEW_PASSWORD, USERNAME_RULES as USERNAME } from "../users/model.ts";

/**
 * The account's API shapes, each one `t` schema: it checks the request, documents the route, and
 * gives the TypeScript type (`typeof X.static`) that the server and the dashboard both use. The
 * user itself is the kernel's (users/model.ts); rules beyond shape and type (trimming, lengths in
 * characters) are in users/validation.ts.
 */

export const SignupBody = t.Object({
  username: t.String({ description: USERNAME }),
  email: t.String({ description: "A valid e-mail address, at most 254 characters; case-insensitive" }),
  password: t.String({ description: NEW_PASSWORD }),
});
export type SignupBody = typeof SignupBody.static;

export const ProfileBody = t.Object({
  username: t.Optional(t.String({ description: USERNAME })),
  email: t.Optional(t.String({ description: "A valid e-mail address, at most 254 characters" })),
  current_password: t.Optional(
    t.String({ description: "The password in use now: needed when `email` changes the address (403 without it)" }),
  ),
  language: t.Optional(
    t.String({ description: "The language of answers and mails: en, de, fr, es, pt-BR or zh-Hans" }),
  ),
});
export type ProfileBody = typeof ProfileBody.static;

export const PasswordBody = t.Object({
  current_password: t.String({ description: "The password in use now" }),
  new_password: t.String({ description: NEW_PASSWORD }),
});
export type PasswordBody = typeof PasswordBody.static;

export const DeleteBody = t.Object({ password: t.String({ description: "The account's password, to confirm" }) });
export type DeleteBody = typeof DeleteBody.static;

export const DailySignInsSchema = t.Object({
  date: t.String({ format: "date" }),
  logins: t.Integer(),
  failed: t.Integer(),
});
export type DailySignIns = typeof DailySignInsSchema.static;

export const ActivityQuery = t.Object({
  tz: t.Optional(
    t.String({
      description: "An IANA time zone (Europe/Berlin) whose calendar days `daily` counts; UTC by default",
      maxLength: 64,
    }),
  ),
});
export type ActivityQuery = typeof ActivityQuery.static;

/** The security log's answer, over the event types the composed features record. */
export const activityResponse = (event: ActivityEventSchema) =>
  t.Object({
    success: t.Literal(true),
    daily: t.Array(DailySignInsSchema, {
      description: "Sign-ins and failed sign-ins per day (in `tz`, UTC by default) over the last 14 days, oldest first",
    }),
    events: t.Array(event, { description: "Newest first, at most 50" }),
    previous_sign_in: t.Nullable(event, {
      description: "The sign-in before the most recent one (the most recent is usually this very session)",
    }),
    last_failed_sign_in: t.Nullable(event, { description: "The most recent failed sign-in, if any" }),
  });
export type ActivityResponse = ReturnType<typeof activityResponse>["static"];
