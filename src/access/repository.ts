/**
 * Groups and their members (migration 019), each change audited in its own transaction. The user's
 * row keeps its groups' names (`users.groups`, kept by the migration's triggers): what every request
 * reads with the user.
 */
import type { RequestMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";
import { type Actor, type System, writeAudit } from "../users/audit.ts";
import type { Group, GroupMember } from "./model.ts";

/** Who a change is made to, as the audit names them. */
export interface Member {
  id: string;
  stable_id: string;
  email: string;
}

interface GroupRow {
  [column: string]: unknown;
  name: string;
  created_at: Date | string;
  member_count: number | string;
  members: GroupMember[] | string | null;
}

const MEMBERS_SHOWN = 100;

const toGroup = (row: GroupRow): Group => ({
  name: row.name,
  created_at: new Date(row.created_at).toISOString(),
  member_count: Number(row.member_count),
  // A json aggregate: an array from Bun's driver, text from PGlite's.
  members: (typeof row.members === "string" ? JSON.parse(row.members) : (row.members ?? [])) as GroupMember[],
});

export function createGroupRepository(sql: Sql) {
  const groups = async (name: string | null): Promise<Group[]> => {
    const rows = await sql<GroupRow>`
      select g.name, g.created_at,
             (select count(*) from group_members c where c.group_id = g.id) as member_count,
             (select coalesce(json_agg(json_build_object('uid', u.stable_id, 'username', u.username, 'email', u.email)
                                       order by u.username, u.id), '[]')::text
              from (select u.* from group_members m join users u on u.id = m.user_id
                    where m.group_id = g.id order by u.username, u.id limit ${MEMBERS_SHOWN}) u) as members
      from groups g
      where ${name}::text is null or g.name = ${name}
      order by g.name
    `;
    return rows.map(toGroup);
  };

  return {
    list: () => groups(null),
    async find(name: string): Promise<Group | null> {
      return (await groups(name))[0] ?? null;
    },

    /** "exists" when the name is taken. */
    async create(actor: Actor | System, name: string, meta: RequestMeta): Promise<"created" | "exists"> {
      return sql.begin(async (tx) => {
        const [row] = await tx`insert into groups (name) values (${name}) on conflict (name) do nothing returning id`;
        if (!row) return "exists";
        await writeAudit(tx, actor, "group_created", null, meta, { group: name });
        return "created";
      });
    },

    async rename(actor: Actor | System, name: string, to: string, meta: RequestMeta) {
      return sql.begin(async (tx): Promise<"renamed" | "not_found" | "exists"> => {
        const [taken] = await tx`select 1 from groups where name = ${to}`;
        if (taken && to !== name) return "exists";
        const [row] = await tx`update groups set name = ${to} where name = ${name} returning id`;
        if (!row) return "not_found";
        await writeAudit(tx, actor, "group_renamed", null, meta, { group: to, was: name });
        return "renamed";
      });
    },

    async remove(actor: Actor | System, name: string, meta: RequestMeta): Promise<boolean> {
      return sql.begin(async (tx) => {
        const [row] = await tx<{ members: number | string }>`
          with gone as (delete from groups where name = ${name} returning id)
          select (select count(*) from group_members where group_id = (select id from gone)) as members
          from gone
        `;
        if (!row) return false;
        await writeAudit(tx, actor, "group_deleted", null, meta, { group: name, members: Number(row.members) });
        return true;
      });
    },

    /** Adds the user: "added", "already" (nothing written), "no_group". */
    async addMember(actor: Actor | System, name: string, user: Member, meta: RequestMeta) {
      return sql.begin(async (tx): Promise<"added" | "already" | "no_group"> => {
        const [group] = await tx<{ id: string }>`select id from groups where name = ${name} for share`;
        if (!group) return "no_group";
        const [row] = await tx`
          insert into group_members (group_id, user_id) values (${group.id}, ${user.id})
          on conflict do nothing returning user_id
        `;
        if (!row) return "already";
        await writeAudit(tx, actor, "group_member_added", user, meta, { group: name });
        return "added";
      });
    },

    async removeMember(actor: Actor | System, name: string, user: Member, meta: RequestMeta) {
      return sql.begin(async (tx): Promise<"removed" | "not_member" | "no_group"> => {
        const [group] = await tx<{ id: string }>`select id from groups where name = ${name}`;
        if (!group) return "no_group";
        const [row] = await tx`
          delete from group_members where group_id = ${group.id} and user_id = ${user.id} returning user_id
        `;
        if (!row) return "not_member";
        await writeAudit(tx, actor, "group_member_removed", user, meta, { group: name });
        return "removed";
      });
    },
  };
}

export type GroupRepository = ReturnType<typeof createGroupRepository>;
