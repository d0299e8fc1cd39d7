/**
 * `datta-dashboard clients add|list|remove|secret` (`bun run clients …`): the provider's clients
 * from the command line, against the server's own database, like `admin grant`. Prints JSON on
 * stdout (the secret of `add` and `secret` this once); says what is wrong on stderr, exit 2.
 */
import { parseArgs } from "node:util";
import { type CommandResult, NOBODY } from "../platform/command.ts";
import type { Sql } from "../platform/db/sql.ts";
import { checkClientInput, createClientRepository } from "./clients.ts";
import type { ClientInput } from "./model.ts";

export const CLIENTS_USAGE = `usage: datta-dashboard clients add --name NAME --redirect-uri URI [--redirect-uri URI ...]
           [--public] [--grant authorization_code|refresh_token|client_credentials|urn:ietf:params:oauth:grant-type:device_code ...]
           [--scope "openid profile email offline_access roles"] [--first-party]
           [--resource URI ...] [--post-logout-redirect-uri URI] [--backchannel-logout-uri URI]
       datta-dashboard clients list | remove CLIENT_ID | secret CLIENT_ID`;

function addInput(args: string[]): ClientInput | string {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: {
        name: { type: "string" },
        "redirect-uri": { type: "string", multiple: true },
        public: { type: "boolean" },
        grant: { type: "string", multiple: true },
        scope: { type: "string" },
        "first-party": { type: "boolean" },
        resource: { type: "string", multiple: true },
        "post-logout-redirect-uri": { type: "string", multiple: true },
        "backchannel-logout-uri": { type: "string" },
      },
      strict: true,
    });
  } catch (error) {
    return error instanceof Error ? error.message : "bad arguments";
  }
  const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (typeof v.name !== "string" || !v.name.trim()) return "--name is required";
  return {
    name: v.name,
    type: v.public ? "public" : "confidential",
    redirect_uris: (v["redirect-uri"] as string[] | undefined) ?? [],
    ...(v.grant ? { grant_types: v.grant as ClientInput["grant_types"] } : {}),
    ...(typeof v.scope === "string" ? { scopes: v.scope } : {}),
    ...(v["first-party"] ? { first_party: true } : {}),
    ...(v.resource ? { resources: v.resource as string[] } : {}),
    ...(v["post-logout-redirect-uri"] ? { post_logout_redirect_uris: v["post-logout-redirect-uri"] as string[] } : {}),
    ...(typeof v["backchannel-logout-uri"] === "string" ? { backchannel_logout_uri: v["backchannel-logout-uri"] } : {}),
  };
}

const GRANTS = new Set([
  "authorization_code",
  "refresh_token",
  "client_credentials",
  "urn:ietf:params:oauth:grant-type:device_code",
]);

/** Runs one `clients` command against `sql`. */
export async function clientsCommand(sql: Sql, args: string[]): Promise<CommandResult> {
  const clients = createClientRepository(sql);
  const [verb, ...rest] = args;
  if (verb === "list" && rest.length === 0) return { code: 0, out: { clients: await clients.list() } };
  if ((verb === "remove" || verb === "secret") && rest.length === 1) {
    const clientId = rest[0] as string;
    if (verb === "remove") {
      return (await clients.remove("command line", clientId, NOBODY))
        ? { code: 0, out: { removed: clientId } }
        : { code: 1, error: `No client has the id ${clientId}.` };
    }
    const secret = await clients.rotateSecret("command line", clientId, false, NOBODY);
    if (secret === null) return { code: 1, error: `No client has the id ${clientId}.` };
    if (secret === "public") return { code: 1, error: "A public client has no secret." };
    return { code: 0, out: { client_id: clientId, client_secret: secret } };
  }
  if (verb === "add") {
    const input = addInput(rest);
    if (typeof input === "string") return { code: 2, error: `${input}\n${CLIENTS_USAGE}` };
    const unknown = input.grant_types?.find((grant) => !GRANTS.has(grant));
    if (unknown) return { code: 2, error: `--grant ${unknown}: not a grant this server offers` };
    const checked = checkClientInput(input);
    if (!checked.ok) {
      return { code: 2, error: checked.errors.map((e) => `${e.field}: ${e.message}`).join("\n") };
    }
    const { client, secret } = await clients.create("command line", checked.settings, NOBODY);
    return { code: 0, out: { client_id: client.client_id, ...(secret ? { client_secret: secret } : {}) } };
  }
  return { code: 2, error: CLIENTS_USAGE };
}
