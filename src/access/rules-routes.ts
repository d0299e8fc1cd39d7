/**
 * The access rules as the admin console shows them (issue 29): the rules in force, read-only, and
 * "Who can reach this?" (a host, a path, a method and a person: the rule that decides, and why).
 */
import { Elysia } from "elysia";
import { HttpError, invalidFields } from "../http/errors.ts";
import type { FieldError } from "../http/schemas.ts";
import { errorResponses, READ_SECURITY } from "../http/schemas.ts";
import { adminGuard, type RouteKit } from "../kit.ts";
import { explain } from "./explain.ts";
import { ACCESS_MESSAGES as MESSAGES } from "./messages.ts";
import { CheckQuery, CheckResponse, RulesResponse } from "./model.ts";
import { checkedRequest, type RulesSource } from "./rules-source.ts";

export function rulesRoutes(kit: RouteKit, source: RulesSource) {
  return new Elysia({ prefix: "/api/admin/access", tags: ["admin"] })
    .use(kit.context)
    .use(adminGuard(kit.auth))
    .get("/rules", () => ({ success: true as const, ...source.view() }), {
      admin: true,
      response: { 200: RulesResponse, ...errorResponses(401, 403, 503) },
      detail: {
        summary: "The access rules in force",
        description:
          "The rules forward auth applies (ACCESS_RULES), as written, in order, with the default policy; no file: none, and signed_in for everything.",
        security: READ_SECURITY,
      },
    })
    .get(
      "/check",
      async ({ query }) => {
        const asked = checkedRequest(query);
        if ("errors" in asked) throw invalidFields(asked.errors as FieldError[]);
        const email = query.user?.trim();
        const user = email ? await kit.users.findByEmail(email) : null;
        if (email && !user) throw new HttpError(404, MESSAGES.noSuchEmail);
        const person = user ? { email: user.email, groups: user.groups } : null;
        return { success: true as const, ...explain(source.rules(), asked.request, person) };
      },
      {
        admin: true,
        query: CheckQuery,
        response: { 200: CheckResponse, ...errorResponses(401, 403, 404, 422, 503) },
        detail: {
          summary: "Who can reach this?",
          description:
            "The answer forward auth would give for this host, path and method, for the user with this e-mail (signed in with one factor) or for nobody signed in: the rule that decides (null: the default policy) and why. 404 when no account uses the address.",
          security: READ_SECURITY,
        },
      },
    );
}
