/**
 * Who may reach which service (issue 29; API.md part 3): groups of users, managed by admins (the
 * admin API, the console, the command line), and the access rules forward auth applies.
 */
import { Elysia } from "elysia";
import { feature, SIGNED_IN_ONLY } from "../kit.ts";
import { groupRoutes } from "./group-routes.ts";
import { ACCESS_MESSAGES } from "./messages.ts";
import { createGroupRepository } from "./repository.ts";
import { decide } from "./rules.ts";
import type { WatchedRules } from "./rules-file.ts";
import { rulesRoutes } from "./rules-routes.ts";
import { rulesSource } from "./rules-source.ts";

export const accessFeature = (deps: { rules?: WatchedRules }) =>
  feature({
    name: "access",
    messages: ACCESS_MESSAGES,
    plug: (kit) => {
      const groups = createGroupRepository(kit.sql);
      const { rules } = deps;
      return {
        routes: () => new Elysia().use(groupRoutes(kit, groups)).use(rulesRoutes(kit, rulesSource(rules))),
        // The rules in force at each request (a reload swaps them whole).
        access: rules ? { decide: (request, subject) => decide(rules.current(), request, subject) } : SIGNED_IN_ONLY,
      };
    },
  });
