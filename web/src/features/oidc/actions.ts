/** The provider's pages' actions: a request's details and the answer to it; the connected apps. */
import type { MessageResponse } from "../../../../src/http/schemas.ts";
import type { ConnectedApp, ConsentAnswer, ConsentDetails } from "../../../../src/oidc/model.ts";
import type { ApiError } from "../../api.ts";
import { featureActions } from "../../feature.ts";

export const useConnectedAppActions = featureActions(({ actions }) => {
  const { api } = actions;
  const interaction = (uid: string) => `/oidc/interaction/${encodeURIComponent(uid)}/consent`;

  return {
    consentDetails: async (uid: string): Promise<ConsentDetails | ApiError> => {
      const result = await api.get<ConsentDetails>(interaction(uid));
      return result.ok ? result.data : result.error;
    },
    /** The user's answer: where the browser goes on (the application), or the error. */
    answer: async (uid: string, allow: boolean): Promise<{ redirect: string } | ApiError> => {
      const result = await api.post<ConsentAnswer>(interaction(uid), { allow });
      return result.ok ? result.data : result.error;
    },
    apps: async (): Promise<ConnectedApp[] | ApiError> => {
      const result = await api.get<{ apps: ConnectedApp[] }>("/api/users/apps");
      return result.ok ? result.data.apps : result.error;
    },
    disconnect: async (clientId: string): Promise<{ msg: string } | ApiError> => {
      const result = await api.delete<MessageResponse>(`/api/users/apps/${encodeURIComponent(clientId)}`);
      return result.ok ? { msg: result.data.msg } : result.error;
    },
  };
});
