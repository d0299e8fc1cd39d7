/** Signing in with another provider: the providers, the account's links, linking and unlinking. */
import type { MessageResponse } from "../../../../src/http/schemas.ts";
import type {
  LinkedProvidersResponse,
  LinkResponse,
  UpstreamInfo,
  UpstreamsResponse,
} from "../../../../src/upstream/model.ts";
import type { ApiError } from "../../api.ts";
import { featureActions } from "../../feature.ts";

/** The providers, asked once per page load (they change only when the operator restarts the server). */
let listed: Promise<UpstreamInfo[]> | null = null;

export const useUpstreamActions = featureActions(({ actions }) => {
  const { api } = actions;
  return {
    /** The providers users may sign in with (none on a failure: the page works without them). */
    providers(): Promise<UpstreamInfo[]> {
      listed ??= api.get<typeof UpstreamsResponse.static>("/api/auth/providers").then((result) => {
        if (result.ok) return result.data.providers;
        listed = null;
        return [];
      });
      return listed;
    },
    linked: async (): Promise<LinkedProvidersResponse | ApiError> => {
      const result = await api.get<LinkedProvidersResponse>("/api/users/providers");
      return result.ok ? result.data : result.error;
    },
    unlink: async (id: string): Promise<{ msg: string } | ApiError> => {
      const result = await api.delete<MessageResponse>(`/api/users/providers/${encodeURIComponent(id)}`);
      return result.ok ? { msg: result.data.msg } : result.error;
    },
    link: async (linkToken: string): Promise<LinkResponse | ApiError> => {
      const result = await api.post<LinkResponse>("/api/auth/providers/link", { link_token: linkToken });
      return result.ok ? result.data : result.error;
    },
  };
});

/**
 * Where a provider's button goes: the trip there and back, landing on `next`. Linking to the
 * signed-in account carries the session's CSRF value (read when clicked: it changes with the token).
 */
export function startUrl(id: string, next: string, csrf?: string | null): string {
  const query = new URLSearchParams(next === "/" ? {} : { next });
  if (csrf) query.set("csrf", csrf);
  return `/api/auth/providers/${encodeURIComponent(id)}/start${query.size ? `?${query}` : ""}`;
}

/** What the dashboard says for each reason a provider's trip did not sign in or link (the query's provider_error). */
export function providerError(reason: string | null, name: string): string | null {
  switch (reason) {
    case null:
      return null;
    case "cancelled":
      return `Signing in with ${name} was cancelled.`;
    case "unavailable":
      return `${name} cannot be reached right now. Try again in a minute, or sign in another way.`;
    case "no_account":
      return `No account here is linked to your ${name} account, and new accounts cannot be made with it. Sign in another way, then link ${name} from your profile.`;
    case "no_email":
      return `${name} did not share an e-mail address, which a new account needs. Allow it to share your address, or sign up with a password.`;
    case "taken":
      return `That ${name} account is already linked to another account here.`;
    case "provider_taken":
      return `Your account is already linked to another ${name} account. Unlink it first.`;
    case "unasked":
      return `Linking ${name} starts from the button on this page.`;
    case "locked":
      return "This account is locked. Contact your administrator.";
    default:
      return `Signing in with ${name} did not work. Try again.`;
  }
}
