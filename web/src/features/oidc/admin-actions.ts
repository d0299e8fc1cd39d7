/** The admin's actions on the OpenID provider's clients (the admin API, part 3 "Clients"). */
import type { MessageResponse } from "../../../../src/http/schemas.ts";
import type { Client, ClientInput } from "../../../../src/oidc/model.ts";
import type { ApiError } from "../../api.ts";
import { featureActions } from "../../feature.ts";

/** The form's values: lists as one entry per line. */
export interface ClientDraft {
  name: string;
  type: "confidential" | "public";
  redirect_uris: string;
  post_logout_redirect_uris: string;
  scopes: string[];
  grant_types: string[];
  resources: string;
  first_party: boolean;
  home_url: string;
  backchannel_logout_uri: string;
}

export { failed } from "../../api.ts";

const lines = (text: string): string[] =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

function inputOf(draft: ClientDraft): ClientInput {
  return {
    name: draft.name.trim(),
    type: draft.type,
    redirect_uris: lines(draft.redirect_uris),
    post_logout_redirect_uris: lines(draft.post_logout_redirect_uris),
    scopes: draft.scopes.join(" "),
    grant_types: draft.grant_types as ClientInput["grant_types"],
    resources: lines(draft.resources),
    first_party: draft.first_party,
    ...(draft.home_url.trim() ? { home_url: draft.home_url.trim() } : {}),
    ...(draft.backchannel_logout_uri.trim() ? { backchannel_logout_uri: draft.backchannel_logout_uri.trim() } : {}),
  };
}

export const useClientAdminActions = featureActions(({ actions }) => {
  const { api } = actions;
  const path = (clientId: string) => `/api/admin/clients/${encodeURIComponent(clientId)}`;
  return {
    list: async (): Promise<Client[] | ApiError> => {
      const result = await api.get<{ clients: Client[] }>("/api/admin/clients");
      return result.ok ? result.data.clients : result.error;
    },
    /** Registers (clientId null) or changes a client; a new confidential client's secret comes once. */
    save: async (
      clientId: string | null,
      draft: ClientDraft,
    ): Promise<{ client: Client; client_secret?: string } | ApiError> => {
      const result =
        clientId === null
          ? await api.post<{ client: Client; client_secret?: string }>("/api/admin/clients", inputOf(draft))
          : await api.put<{ client: Client }>(path(clientId), inputOf(draft));
      return result.ok ? result.data : result.error;
    },
    rotate: async (clientId: string, revokeOld: boolean): Promise<{ client_secret: string } | ApiError> => {
      const result = await api.post<{ client_secret: string }>(`${path(clientId)}/secret`, { revoke_old: revokeOld });
      return result.ok ? result.data : result.error;
    },
    remove: async (clientId: string): Promise<{ msg: string } | ApiError> => {
      const result = await api.delete<MessageResponse>(path(clientId));
      return result.ok ? { msg: result.data.msg } : result.error;
    },
  };
});
