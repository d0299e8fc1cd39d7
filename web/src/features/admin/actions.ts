/** The admin console's actions: each change to a user, by its name, through the app's API client. */
import type { MessageResponse } from "../../../../src/http/schemas.ts";
import type { ApiResult } from "../../api.ts";
import { featureActions } from "../../feature.ts";

export type Action =
  | "lock"
  | "unlock"
  | "signout"
  | "role"
  | "delete"
  | "reset-two-factor"
  | "send-reset"
  | "send-confirmation"
  | "confirm-email"
  | "end-session";

/** Each action: its method and path below /api/admin/users/{uid}. */
const ROUTES: Record<Action, [method: "post" | "put" | "delete", path: string]> = {
  lock: ["post", "/lock"],
  unlock: ["post", "/unlock"],
  signout: ["post", "/signout"],
  role: ["put", "/role"],
  delete: ["delete", ""],
  "reset-two-factor": ["post", "/reset-two-factor"],
  "send-reset": ["post", "/send-reset"],
  "send-confirmation": ["post", "/send-confirmation"],
  "confirm-email": ["post", "/confirm-email"],
  "end-session": ["delete", "/sessions/"],
};

export const useAdminActions = featureActions(({ actions: { api } }) => ({
  /** One action on the user `uid` (`session`: the one to end), with its body. */
  act(uid: string, action: Action, body?: unknown, session = ""): Promise<ApiResult<MessageResponse>> {
    const [method, path] = ROUTES[action];
    const url = `/api/admin/users/${uid}${path}${session}`;
    return method === "put"
      ? api.put<MessageResponse>(url, body)
      : method === "delete"
        ? api.delete<MessageResponse>(url)
        : api.post<MessageResponse>(url, body);
  },
}));
