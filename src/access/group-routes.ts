/**
 * The admin API's groups (API.md part 3, "Changes to parts 1 and 2"): list, create, rename, delete,
 * and members added and removed by their stable id. Each change audited; a member's groups are on
 * their row, so every replica sees a change at the user's next request.
 */
import { Elysia } from "elysia";
import { HttpError, invalidFields } from "../http/errors.ts";
import { errorResponses, MessageResponse, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import { adminGuard, type RouteKit } from "../kit.ts";
import { actorOf } from "../users/audit.ts";
import { isStableId } from "../users/repository.ts";
import { ACCESS_MESSAGES as MESSAGES } from "./messages.ts";
import { GROUP_NAME, GroupBody, GroupParams, GroupResponse, GroupsResponse, MemberParams } from "./model.ts";
import type { GroupRepository, Member } from "./repository.ts";

const write = (summary: string, description: string, ...codes: number[]) => ({
  admin: true as const,
  meta: true as const,
  response: { ...errorResponses(401, 403, ...codes, 503) },
  detail: { summary, description, security: WRITE_SECURITY },
});

export function groupRoutes(kit: RouteKit, groups: GroupRepository) {
  const checkedName = (name: string): string => {
    if (!GROUP_NAME.test(name)) throw invalidFields([{ field: "name", message: MESSAGES.groupName }]);
    return name;
  };
  const groupNotFound = () => new HttpError(404, MESSAGES.groupNotFound);
  const group = async (name: string) => {
    const found = await groups.find(name);
    if (!found) throw groupNotFound();
    return found;
  };
  const member = async (uid: string): Promise<Member> => {
    const user = isStableId(uid) ? await kit.users.findByStableId(uid) : null;
    if (!user) throw new HttpError(404, MESSAGES.userNotFound);
    return { id: user.id, stable_id: user.stable_id, email: user.email };
  };

  return new Elysia({ prefix: "/api/admin/groups", tags: ["admin"] })
    .use(kit.context)
    .use(adminGuard(kit.auth))
    .get("", async () => ({ success: true as const, groups: await groups.list() }), {
      admin: true,
      response: { 200: GroupsResponse, ...errorResponses(401, 403, 503) },
      detail: { summary: "Groups", description: "By name, each with its first 100 members.", security: READ_SECURITY },
    })
    .post(
      "",
      async ({ body, session, meta, set }) => {
        const name = checkedName(body.name);
        if ((await groups.create(actorOf(session.user), name, meta)) === "exists")
          throw new HttpError(409, MESSAGES.groupExists);
        set.status = 201;
        return { success: true as const, group: await group(name) };
      },
      {
        ...write("Create a group", "Audited (group_created). 409 when the name is taken.", 409, 413, 415, 422),
        body: GroupBody,
        parse: "json",
        response: { 201: GroupResponse, ...errorResponses(401, 403, 409, 413, 415, 422, 503) },
      },
    )
    .patch(
      "/:name",
      async ({ params, body, session, meta }) => {
        const to = checkedName(body.name);
        const outcome = await groups.rename(actorOf(session.user), params.name, to, meta);
        if (outcome === "not_found") throw groupNotFound();
        if (outcome === "exists") throw new HttpError(409, MESSAGES.groupExists);
        return { success: true as const, group: await group(to) };
      },
      {
        ...write("Rename a group", "Its members keep it under the new name (audited: group_renamed).", 404, 409, 422),
        params: GroupParams,
        body: GroupBody,
        parse: "json",
        response: { 200: GroupResponse, ...errorResponses(401, 403, 404, 409, 413, 415, 422, 503) },
      },
    )
    .delete(
      "/:name",
      async ({ params, session, meta }) => {
        if (!(await groups.remove(actorOf(session.user), params.name, meta))) throw groupNotFound();
        return { success: true as const, msg: MESSAGES.groupDeleted(params.name) };
      },
      {
        ...write("Delete a group", "Its members leave it (audited: group_deleted, with how many).", 404),
        params: GroupParams,
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 503) },
      },
    )
    .put(
      "/:name/members/:uid",
      async ({ params, session, meta }) => {
        const user = await member(params.uid);
        const outcome = await groups.addMember(actorOf(session.user), params.name, user, meta);
        if (outcome === "no_group") throw groupNotFound();
        return { success: true as const, msg: MESSAGES.memberAdded(params.name) };
      },
      {
        ...write(
          "Add a user to a group",
          "Audited (group_member_added); adding a member again changes nothing. 404 for an unknown group or user.",
          404,
        ),
        params: MemberParams,
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 503) },
      },
    )
    .delete(
      "/:name/members/:uid",
      async ({ params, session, meta }) => {
        const user = await member(params.uid);
        const outcome = await groups.removeMember(actorOf(session.user), params.name, user, meta);
        if (outcome === "no_group") throw groupNotFound();
        if (outcome === "not_member") throw new HttpError(404, MESSAGES.notMember);
        return { success: true as const, msg: MESSAGES.memberRemoved(params.name) };
      },
      {
        ...write(
          "Remove a user from a group",
          "Audited (group_member_removed). 404 for an unknown group or user, or one not in it.",
          404,
        ),
        params: MemberParams,
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 503) },
      },
    );
}
