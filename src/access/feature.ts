/**
 * Who may reach which service (issue 29; API.md part 3): groups of users, managed by admins (the
 * admin API, the console, the command line), and the access rules forward auth applies.
 */
import { feature } from "../kit.ts";
import { groupRoutes } from "./group-routes.ts";
import { ACCESS_MESSAGES } from "./messages.ts";
import { createGroupRepository } from "./repository.ts";

export const accessFeature = () =>
  feature({
    name: "access",
    messages: ACCESS_MESSAGES,
    plug: (kit) => {
      const groups = createGroupRepository(kit.sql);
      return { routes: () => groupRoutes(kit, groups) };
    },
  });
