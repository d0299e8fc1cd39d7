/** The admin's actions on groups and access rules (the admin API, part 3 "Changes to parts 1 and 2"). */
import type { CheckResult, Group, RulesView } from "../../../../src/access/model.ts";
import type { AdminUser } from "../../../../src/admin/model.ts";
import type { MessageResponse } from "../../../../src/http/schemas.ts";
import type { ApiError, ApiResult } from "../../api.ts";
import { featureActions } from "../../feature.ts";

/** An answer's data, or the API's error. */
const settled = <T>(result: ApiResult<T>): T | ApiError => (result.ok ? result.data : result.error);

export { failed } from "../../api.ts";

export interface Question {
  host: string;
  path: string;
  method: string;
  user: string;
}

export const useAccessActions = featureActions(({ actions }) => {
  const { api } = actions;
  const group = (name: string) => `/api/admin/groups/${encodeURIComponent(name)}`;
  return {
    groups: async (): Promise<Group[] | ApiError> => {
      const result = await api.get<{ groups: Group[] }>("/api/admin/groups");
      return result.ok ? result.data.groups : result.error;
    },
    create: async (name: string) => settled(await api.post<{ group: Group }>("/api/admin/groups", { name })),
    rename: async (name: string, to: string) => settled(await api.patch<{ group: Group }>(group(name), { name: to })),
    remove: async (name: string) => settled(await api.delete<MessageResponse>(group(name))),
    addMember: async (name: string, uid: string) =>
      settled(await api.put<MessageResponse>(`${group(name)}/members/${uid}`, undefined)),
    removeMember: async (name: string, uid: string) =>
      settled(await api.delete<MessageResponse>(`${group(name)}/members/${uid}`)),
    /** The account with exactly this e-mail address, or null. */
    userByEmail: async (email: string): Promise<AdminUser | null | ApiError> => {
      const result = await api.get<{ users: AdminUser[] }>(`/api/admin/users?q=${encodeURIComponent(email)}`);
      if (!result.ok) return result.error;
      return result.data.users.find((user) => user.email.toLowerCase() === email.trim().toLowerCase()) ?? null;
    },
    rules: async () => settled(await api.get<RulesView>("/api/admin/access/rules")),
    check: async (question: Question) => {
      const query = new URLSearchParams({ host: question.host, path: question.path, method: question.method });
      if (question.user.trim()) query.set("user", question.user.trim());
      return settled(await api.get<CheckResult>(`/api/admin/access/check?${query}`));
    },
  };
});
