/**
 * Who may go on without a page: the provider's prompts, with the dashboard's session as the
 * sign-in, and the grant an authorization request goes on with (remembered consent, first-party
 * clients).
 */
import { validateEmailAddress } from "../users/validation.ts";
import type { KoaContextWithOIDC, Library } from "./library.ts";
import type { OidcRepository } from "./repository.ts";
import type { SignedInReader } from "./signed-in.ts";

/**
 * The browser's dashboard session, read once per provider request: the login check and the grant
 * below both ask for it (two authentications and two session reads before).
 */
const seen = new WeakMap<object, ReturnType<SignedInReader>>();
export function signedInOnce(deps: PolicyDeps, ctx: KoaContextWithOIDC): ReturnType<SignedInReader> {
  let read = seen.get(ctx.req);
  if (!read) {
    read = deps.signedIn(ctx.get("cookie"));
    seen.set(ctx.req, read);
  }
  return read;
}

/** What the policy reads: the browser's dashboard session, and what the user allowed before. */
export interface PolicyDeps {
  signedIn: SignedInReader;
  repo: OidcRepository;
}

/**
 * The provider's prompts, and one more reason to sign in: the browser's provider session counts
 * only while a live dashboard session of the same user is there (signed-in.ts).
 */
export function policy({ interactionPolicy }: Library, deps: PolicyDeps) {
  const prompts = interactionPolicy.base();
  const login = prompts.get("login");
  login?.checks.splice(
    1,
    0,
    new interactionPolicy.Check(
      "dashboard_session",
      "End-User is not signed in to the dashboard",
      "login_required",
      async (ctx) => {
        const signedIn = await signedInOnce(deps, ctx);
        return signedIn?.user.stable_id === ctx.oidc.session?.accountId
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT;
      },
    ),
  );
  // acr_values=mfa (the contract's): a session proven by one factor signs in again with two.
  login?.checks.add(
    new interactionPolicy.Check(
      "mfa_required",
      "The client asked for a second factor the session has not proven",
      "login_required",
      async (ctx) => {
        if (!asksForMfa(ctx.oidc.params?.acr_values)) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        const signedIn = await signedInOnce(deps, ctx);
        return signedIn?.acr === "mfa"
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT;
      },
    ),
  );
  // login_hint naming another account than the one signed in: sign in as that one (or prompt=none
  // answers login_required) rather than go on as someone the client did not expect.
  login?.checks.add(
    new interactionPolicy.Check(
      "login_hint_mismatch",
      "The client hinted at another account than the signed-in one",
      "login_required",
      async (ctx) => {
        const hint = hintedEmail(ctx.oidc.params?.login_hint);
        if (!hint) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        const signedIn = await signedInOnce(deps, ctx);
        return !signedIn || signedIn.user.email.toLowerCase() === hint
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT;
      },
    ),
  );
  return prompts;
}

/** The e-mail address a `login_hint` names (as the kernel keeps addresses), or null for any other hint. */
export function hintedEmail(loginHint: unknown): string | null {
  if (typeof loginHint !== "string") return null;
  const checked = validateEmailAddress(loginHint);
  return checked.ok ? checked.value : null;
}

/** Whether an authorization request's `acr_values` ask for two factors. */
export const asksForMfa = (acrValues: unknown): boolean =>
  typeof acrValues === "string" && acrValues.split(" ").includes("mfa");

/**
 * The grant an authorization request goes on with: the one this browser's provider session holds
 * for the client (found only while its dashboard session lives), else, for a client the user
 * allowed before (or a first-party client), a new grant of what was allowed, bound to the
 * dashboard session of this browser. Otherwise none: the consent page asks.
 */
export async function existingGrant(deps: PolicyDeps, ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const client = oidc.client;
  if (!client || !oidc.session?.accountId) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(client.clientId);
  const held = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (held) return held;
  const signedIn = await signedInOnce(deps, ctx);
  if (signedIn?.user.stable_id !== oidc.session.accountId) return undefined;
  const firstParty = (client as unknown as Record<string, unknown>)["urn:datta:first_party"] === true;
  const allowed = firstParty
    ? [...(oidc.requestParamScopes ?? [])]
    : await deps.repo.consented(signedIn.user.id, client.clientId);
  if (!allowed || allowed.length === 0) return undefined;
  const offered = new Set((client.scope ?? "").split(" "));
  const grant = new oidc.provider.Grant({ accountId: signedIn.user.stable_id, clientId: client.clientId });
  grant.addOIDCScope(allowed.filter((scope) => offered.has(scope)).join(" "));
  const id = await grant.save();
  await deps.repo.bindGrant(id, signedIn.sid);
  if (firstParty) await deps.repo.remember(signedIn.user.id, client.clientId, allowed);
  return grant;
}
