import { Elysia } from "elysia";
import { HttpError } from "../http/errors.ts";
import { chooseLanguage } from "../http/language.ts";
import { MESSAGES } from "../http/messages.ts";
import type { AuthFailure, EndedBecause, SessionService, SessionUser } from "./service.ts";
import { presentedToken, type SessionTransport } from "./transport.ts";

const FAILURES: Record<AuthFailure, () => HttpError> = {
  unauthenticated: () => new HttpError(401, MESSAGES.authRequired),
  session_expired: () => new HttpError(401, MESSAGES.sessionEnded),
  csrf: () => new HttpError(403, MESSAGES.csrfInvalid),
  cookie_conflict: () => new HttpError(401, MESSAGES.authRequired),
};

/** A session that ended for a reason its holder may know: the 401 says it, in words and as `reason`. */
const ENDED: Record<EndedBecause, () => HttpError> = {
  signed_out_elsewhere: () =>
    new HttpError(401, MESSAGES.signedOutElsewhere, undefined, undefined, "signed_out_elsewhere"),
  locked: () => new HttpError(401, MESSAGES.accountWasLocked, undefined, undefined, "locked"),
  password_changed: () => new HttpError(401, MESSAGES.passwordWasChanged, undefined, undefined, "password_changed"),
  expired: () => new HttpError(401, MESSAGES.sessionEnded, undefined, undefined, "expired"),
};

/**
 * The auth plugin, built once per app: `{ auth: true }` on a route resolves `session` (the user,
 * the token's claims and how it came) or answers 401/403, or 503 when the blocklist cannot be
 * checked. It reads the token, asks the session service, and writes what the service decided.
 */
export function authPlugin<U extends SessionUser>(
  sessions: SessionService<U>,
  transport: SessionTransport,
  /** What the user's own browser says of itself (its time zone), kept when a cookie session is read. */
  heardFrom: (user: U, request: Request) => Promise<void> = async () => undefined,
) {
  type Exchange = Parameters<typeof transport.write>[0] & { request: Request };
  const authenticate = async ({ request, set }: Exchange, method: string) => {
    const result = await sessions.authenticate(presentedToken(request, method));
    if (!result.ok) {
      if (result.failure === "cookie_conflict") transport.clear({ set });
      throw result.reason ? ENDED[result.reason]() : FAILURES[result.failure]();
    }
    if (result.renewed) transport.write({ set }, result.renewed);
    else transport.expose(set, result.times);
    // The user's own language wins over the browser's for the rest of this answer; their browser
    // remembers it (a cookie) for what is answered before a session is read.
    const language = (result.session.user as { language?: string | null }).language ?? null;
    chooseLanguage(language);
    if (result.session.source === "cookie") {
      transport.language({ set }, request, language);
      await heardFrom(result.session.user, request);
    }
    return { session: result.session };
  };

  const plugin = new Elysia({ name: "auth" }).macro({
    // The cookies are read from the request by the transport, not parsed by Elysia: `cookie` is
    // left out of these parameters on purpose (Elysia parses them for a route that names it).
    auth: {
      resolve: ({ request, set }) => authenticate({ request, set }, request.method),
    },
  });
  /** The same, outside Elysia (a route Bun serves natively, http/native.ts): `set` takes what is written. */
  return Object.assign(plugin, { authenticate });
}
