/**
 * The commands besides serving: `--help`, `--healthcheck`, `keys rotate`, `admin grant|revoke`,
 * `clients …`, `groups …`, `rules check …`.
 * Each opens what it needs (startup.ts), does one thing, and says what it did.
 */
import { groupsCommand, rulesCommand } from "./access/command.ts";
import { createAdminRepository } from "./admin/repository.ts";
import { CONFIG_HELP } from "./config/config.ts";
import { createLogger } from "./http/log.ts";
import { clientsCommand } from "./oidc/command.ts";
import type { CommandResult } from "./platform/command.ts";
import type { Sql } from "./platform/db/sql.ts";
import { DEFAULT_ACTIVATION_DELAY_SECONDS, rotateKeys } from "./platform/keys/keyring.ts";
import { type Bundled, openForCommand } from "./startup.ts";
import { createUserRepository } from "./users/repository.ts";

export function printHelp(write: (text: string) => void = console.log): void {
  const width = Math.max(...CONFIG_HELP.map(([name]) => name.length));
  write(`Datta Dashboard: the dashboard and its auth API in one process.

Usage: datta-dashboard [--help] [--healthcheck]
       datta-dashboard keys rotate [--activate-in SECONDS]
       datta-dashboard admin grant|revoke EMAIL
       datta-dashboard clients add|list|remove|secret ...
       datta-dashboard groups list|add|remove|members ...
       datta-dashboard rules check --host HOST [--path PATH] [--method METHOD] [--user EMAIL]
       datta-dashboard whoami

  --help         this text
  --healthcheck  exit 0 when the server on PORT answers /api/health (for container health checks)
  whoami         (the binary only) the sample service behind forward auth, docker/whoami: JWKS_URL,
                 ISSUER, AUDIENCE, HOST, PORT
  clients        the OpenID provider's clients: add --name NAME --redirect-uri URI [...], list,
                 remove CLIENT_ID, secret CLIENT_ID (a new secret); prints JSON
  groups         groups of users (for ACCESS_RULES): list, add GROUP EMAIL (the group made when new),
                 remove GROUP EMAIL, members GROUP; prints JSON
  rules check    what forward auth answers under ACCESS_RULES for a request (and a user, or nobody
                 signed in): the rule that decides and why; prints JSON
  admin grant    give the account with this e-mail the admin role (revoke: take it back; never the last)
  keys rotate    new signing keys (Ed25519 and RSA), used by every replica from --activate-in
                 seconds on (default ${DEFAULT_ACTIVATION_DELAY_SECONDS}: every replica publishes them first); the old keys stay
                 published until nothing they signed can be alive

Configuration, from the environment (and .env):
${CONFIG_HELP.map(([name, fallback, meaning]) => `  ${name.padEnd(width)}  ${meaning} [${fallback}]`).join("\n")}`);
}

/** --healthcheck: the server on PORT answers /api/health within 2 s. */
export async function healthcheck(): Promise<number> {
  const port = Number(process.env.PORT) || 3000;
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) });
    return response.ok ? 0 : 1;
  } catch {
    return 1;
  }
}

/** `keys rotate [--activate-in SECONDS]`. */
export async function keysCommand(args: string[], bundled: Bundled): Promise<number> {
  const at = args.indexOf("--activate-in");
  const activateIn = at >= 0 ? Number(args[at + 1]) : DEFAULT_ACTIVATION_DELAY_SECONDS;
  if (args[0] !== "rotate" || !Number.isSafeInteger(activateIn) || activateIn < 0) {
    console.error("usage: datta-dashboard keys rotate [--activate-in SECONDS]");
    return 2;
  }
  const logger = createLogger();
  const { db, sealer } = await openForCommand(bundled, logger);
  try {
    const { kids, activatesAt, deleted } = await rotateKeys(db.sql, sealer, { activateInSeconds: activateIn });
    logger.info("signing keys rotated", {
      kid: kids.EdDSA,
      rsa_kid: kids.RS256,
      activates_at: new Date(activatesAt * 1000).toISOString(),
      retired_keys_deleted: deleted,
    });
    return 0;
  } finally {
    await db.close();
  }
}

/** `admin grant EMAIL` / `admin revoke EMAIL`: the role, against the server's own database. */
export async function adminCommand(args: string[], bundled: Bundled): Promise<number> {
  const [verb, email] = args;
  if ((verb !== "grant" && verb !== "revoke") || !email) {
    console.error("usage: datta-dashboard admin grant|revoke EMAIL");
    return 2;
  }
  const logger = createLogger();
  const { db } = await openForCommand(bundled, logger);
  try {
    const admin = createAdminRepository(db.sql);
    const user = await createUserRepository(db.sql).findByEmail(email.trim());
    if (!user) {
      console.error(`No account uses ${email.trim()}.`);
      return 1;
    }
    const role = verb === "grant" ? "admin" : "user";
    const changed = await admin.setRole("command line", user, role, {
      ip: null,
      userAgent: null,
    });
    if (changed === "last_admin") {
      console.error("That is the last admin: make another admin first.");
      return 1;
    }
    logger.info(verb === "grant" ? "admin role granted" : "admin role revoked", { uid: user.stable_id });
    return 0;
  } finally {
    await db.close();
  }
}

/** A command of JSON on stdout (`clients …`, `groups …`), the database's own lines on stderr. */
async function jsonCommand(
  run: (sql: Sql, args: string[]) => Promise<CommandResult>,
  args: string[],
  bundled: Bundled,
): Promise<number> {
  const logger = createLogger((line) => console.error(line));
  const { db } = await openForCommand(bundled, logger);
  try {
    const result = await run(db.sql, args);
    if (result.out !== undefined) console.log(JSON.stringify(result.out));
    if (result.error) console.error(result.error);
    return result.code;
  } finally {
    await db.close();
  }
}

/** `clients add|list|remove|secret`. */
export const clientsCommandLine = (args: string[], bundled: Bundled) => jsonCommand(clientsCommand, args, bundled);

/** `rules check --host H [--path P] [--method M] [--user EMAIL]`. */
export const rulesCommandLine = (args: string[], bundled: Bundled) => jsonCommand(rulesCommand, args, bundled);

/** `groups list|add|remove|members`. */
export const groupsCommandLine = (args: string[], bundled: Bundled) => jsonCommand(groupsCommand, args, bundled);
