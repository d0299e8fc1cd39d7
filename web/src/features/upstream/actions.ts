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
import { UPSTREAM_TEXT as T } from "./messages.ts";

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
      return T.cancelled(name);
    case "unavailable":
      return T.unavailable(name);
    case "no_account":
      return T.noAccount(name);
    case "no_email":
      return T.noEmail(name);
    case "taken":
      return T.taken(name);
    case "provider_taken":
      return T.providerTaken(name);
    case "unasked":
      return T.unasked(name);
    case "locked":
      return T.locked;
    default:
      return T.failed(name);
  }
}
