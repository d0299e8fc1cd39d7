/**
 * What every admin route is built with: the guard (`{ admin: true }`), the actor, the target named
 * by its stable id, and a write's outcome as the answer. Built once per route group over the one
 * repository.
 */
import { isLanguage } from "../http/catalogue.ts";
import { HttpError, invalidFields } from "../http/errors.ts";
import { MESSAGES as SHARED } from "../http/messages.ts";
import type { RouteKit } from "../kit.ts";
import { actorOf } from "../users/audit.ts";
import { toRecord } from "../users/repository.ts";
import { ADMIN_MESSAGES as MESSAGES } from "./messages.ts";
import type { AdminUser } from "./model.ts";
import { lockedOf } from "./projection.ts";
import type { AdminRepository, AdminUserRow } from "./repository.ts";
import type { Actor, AdminWrite, Target } from "./writes.ts";

export const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/** A user as the admin API shows it: the user as every answer shows it, and what an admin needs. */
export function adminUserOf(present: RouteKit["present"]) {
  return (row: AdminUserRow): AdminUser => {
    const user = toRecord(row);
    return {
      ...present(user),
      uid: user.stable_id,
      locked: lockedOf(user),
      last_sign_in_at: iso(row.last_sign_in_at),
      sessions: Number(row.live_sessions),
      groups: user.groups,
    };
  };
}

export const badCursor = (): HttpError => invalidFields([{ field: "cursor", message: "is not a cursor of this list" }]);

export { adminGuard } from "../kit.ts";

export function adminKit(repo: AdminRepository) {
  const notFound = (): HttpError => new HttpError(404, MESSAGES.userNotFound);
  const found = async (uid: string): Promise<AdminUserRow> => {
    const row = await repo.findUser(uid);
    if (!row) throw notFound();
    return row;
  };
  return {
    notFound,
    found,
    actorOf,
    async target(uid: string): Promise<Target> {
      const row = await found(uid);
      return {
        id: String(row.id),
        stable_id: row.stable_id,
        email: row.email,
        language: isLanguage(row.language) ? row.language : null,
      };
    },
    notOwn(actor: Actor, row: Target, message: string): void {
      if (row.stable_id === actor.stable_id) throw new HttpError(409, message);
    },
    /**
     * A write's outcome as the answer: the actor found no longer an unlocked admin inside the
     * write's transaction is 403 (another admin locked or demoted them a moment before), the target
     * gone 404, the last admin 409.
     */
    done(outcome: AdminWrite, lastAdminMessage: string = MESSAGES.lastAdmin): void {
      if (outcome === "not_admin") throw new HttpError(403, SHARED.adminOnly);
      if (outcome === "not_found") throw notFound();
      if (outcome === "last_admin") throw new HttpError(409, lastAdminMessage);
    },
  };
}
