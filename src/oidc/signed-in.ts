/**
 * Who is signed in to the dashboard in the browser of a provider request: the dashboard's own
 * session (its cookie) is the provider's sign-in. A provider session counts only while the
 * dashboard session behind it is live and of the same user, so signing out of the dashboard, or a
 * session ended any other way, signs the browser out of the provider too.
 */
import type { ProvenBy } from "../session/records.ts";
import type { IssuedSession, SessionService } from "../session/service.ts";
import { presentedToken } from "../session/transport.ts";
import type { UserRecord } from "../users/repository.ts";
import type { OidcRepository } from "./repository.ts";

export interface SignedIn {
  user: UserRecord;
  /** The dashboard session (its `sid`). */
  sid: string;
  /** When the user last gave a password or passkey (seconds since the epoch). */
  authTime: number;
  /** How the session was proven, as RFC 8176 says it, and the level: `mfa` with two factors. */
  amr: string[];
  acr: "0" | "mfa";
  /** A token renewed on the way (to write back when the answer is ours). */
  renewed: IssuedSession | null;
}

/**
 * RFC 8176 methods of a sign-in. A browser remembered for the code step proved one factor now. A
 * passkey is two: the device, and the PIN or biometric it checks (user verification is required
 * at every passkey sign-in here), as NIST counts a multi-factor cryptographic authenticator.
 */
export function amrOf(method: ProvenBy | null): { amr: string[]; acr: "0" | "mfa" } {
  switch (method) {
    case "password+totp":
      return { amr: ["pwd", "otp", "mfa"], acr: "mfa" };
    case "password+recovery_code":
      return { amr: ["pwd", "mfa"], acr: "mfa" };
    case "passkey":
      return { amr: ["hwk", "mfa"], acr: "mfa" };
    case null:
      return { amr: ["pwd"], acr: "0" };
  }
  if (method.startsWith("provider:")) return providerAmr(method);
  return { amr: ["pwd"], acr: "0" };
}

/**
 * Another provider proved the first step: `fed` (federated, not one of RFC 8176's names: none says
 * it), then what followed here (the app's code, a recovery code) or the provider's own two factors.
 */
function providerAmr(method: string): { amr: string[]; acr: "0" | "mfa" } {
  if (method.endsWith("+totp")) return { amr: ["fed", "otp", "mfa"], acr: "mfa" };
  if (method.endsWith("+recovery_code") || method.endsWith("+mfa")) return { amr: ["fed", "mfa"], acr: "mfa" };
  return { amr: ["fed"], acr: "0" };
}

export function signedInReader(sessions: SessionService<UserRecord>, repo: OidcRepository, publicUrl: string) {
  /** The dashboard session the cookie header carries, while live; null otherwise. */
  return async (cookie: string | null | undefined): Promise<SignedIn | null> => {
    if (!cookie) return null;
    const presented = presentedToken(new Request(publicUrl, { headers: { cookie } }), "GET");
    const result = await sessions.authenticate(presented);
    if (!result.ok || result.session.source !== "cookie") return null;
    const { claims, user } = result.session;
    const proof = await repo.sessionProof(claims.sid);
    if (!proof) return null;
    return { user, sid: claims.sid, authTime: claims.auth_time, ...amrOf(proof.method), renewed: result.renewed };
  };
}

export type SignedInReader = ReturnType<typeof signedInReader>;
