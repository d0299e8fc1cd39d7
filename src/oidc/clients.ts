/**
 * The provider's clients: the rules a registration must meet (API.md part 3, "Clients"), and the
 * table that keeps them (`oidc_clients`). A secret is 32 random bytes shown once and kept as its
 * SHA-256; a rotated-out secret keeps working for 24 h unless revoked with the rotation. Every
 * change writes an audit entry in its transaction.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { RequestMeta } from "../http/context.ts";
import type { FieldError } from "../http/schemas.ts";
import type { Sql } from "../platform/db/sql.ts";
import { type Actor, type System, writeAudit } from "../users/audit.ts";
import { OIDC_MESSAGES as MESSAGES } from "./messages.ts";
import { type Client, type ClientInput, type ClientSettings, SCOPES } from "./model.ts";

/** How long a rotated-out secret keeps working (unless revoked with the rotation). */
export const PREVIOUS_SECRET_HOURS = 24;
const DEFAULT_SCOPES = "openid profile email offline_access";
const DEFAULT_GRANTS = ["authorization_code", "refresh_token"];

export const hashSecret = (secret: string): string => createHash("sha256").update(secret).digest("base64url");
const newSecret = (): string => randomBytes(32).toString("base64url");
const newClientId = (): string => randomBytes(18).toString("base64url");

/** Whether `presented` is the secret behind `hash`, in time that does not depend on where they differ. */
export function secretMatches(presented: string, hash: string | null): boolean {
  if (!hash) return false;
  const a = Buffer.from(hashSecret(presented));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function parse(uri: string): URL | null {
  try {
    return new URL(uri);
  } catch {
    return null;
  }
}

/** https://, or http:// on the loopback; any private-use scheme for a public native client (RFC 8252). */
function redirectOk(uri: string, native: boolean): boolean {
  const url = parse(uri);
  if (!url || url.hash || /[\s\\]/.test(uri)) return false;
  if (url.protocol === "https:") return true;
  if (url.protocol === "http:") return LOOPBACK.has(url.hostname);
  return native && /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol);
}

const webUriOk = (uri: string): boolean => redirectOk(uri, false);

/** A client_input checked against the contract's rules: the settings kept, or the fields at fault. */
export function checkClientInput(
  input: ClientInput,
): { ok: true; settings: ClientSettings } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const publicClient = input.type === "public";
  const each = (field: string, uris: readonly string[] | undefined, ok: (uri: string) => boolean, message: string) => {
    uris?.forEach((uri, i) => {
      if (!ok(uri)) errors.push({ field: `${field}[${i}]`, message });
    });
  };
  each("redirect_uris", input.redirect_uris, (uri) => redirectOk(uri, publicClient), MESSAGES.redirectHttps);
  each(
    "post_logout_redirect_uris",
    input.post_logout_redirect_uris,
    (uri) => redirectOk(uri, publicClient),
    MESSAGES.redirectHttps,
  );
  each("resources", input.resources, (uri) => parse(uri) !== null && !uri.includes("#"), MESSAGES.absoluteUri);
  for (const field of ["backchannel_logout_uri", "home_url", "logo_url", "jwks_uri"] as const) {
    const uri = input[field];
    if (uri !== undefined && !webUriOk(uri)) errors.push({ field, message: MESSAGES.redirectHttps });
  }
  const scopes = (input.scopes ?? DEFAULT_SCOPES).split(" ").filter(Boolean);
  const unknown = scopes.find((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (unknown) errors.push({ field: "scopes", message: MESSAGES.unknownScope(unknown) });
  const grants = [...new Set(input.grant_types ?? DEFAULT_GRANTS)];
  if (grants.includes("authorization_code") && input.redirect_uris.length === 0) {
    errors.push({ field: "redirect_uris", message: MESSAGES.redirectNeeded });
  }
  if (publicClient && grants.includes("client_credentials"))
    errors.push({ field: "grant_types", message: MESSAGES.publicGrant });
  const method = input.token_endpoint_auth_method ?? (publicClient ? "none" : "client_secret_basic");
  if (publicClient !== (method === "none"))
    errors.push({ field: "token_endpoint_auth_method", message: MESSAGES.authMethodForType });
  if (method === "private_key_jwt" && !input.jwks_uri)
    errors.push({ field: "jwks_uri", message: MESSAGES.jwksUriNeeded });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      name: input.name.trim(),
      type: input.type,
      redirect_uris: [...new Set(input.redirect_uris)],
      post_logout_redirect_uris: [...new Set(input.post_logout_redirect_uris ?? [])],
      grant_types: grants,
      scopes: [...new Set(scopes)].join(" "),
      resources: [...new Set(input.resources ?? [])],
      first_party: input.first_party ?? false,
      backchannel_logout_uri: input.backchannel_logout_uri ?? null,
      home_url: input.home_url ?? null,
      logo_url: input.logo_url ?? null,
      id_token_signed_response_alg: input.id_token_signed_response_alg ?? "RS256",
      token_endpoint_auth_method: method,
      jwks_uri: input.jwks_uri ?? null,
    },
  };
}

export interface ClientRow {
  [column: string]: unknown;
  client_id: string;
  settings: string;
  secret_hash: string | null;
  previous_secret_hash: string | null;
  previous_secret_expires_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

/** A client as the provider needs it: the settings and the secrets' hashes. */
export interface StoredClient {
  client: Client;
  secretHash: string | null;
  /** The secret before the last rotation, while it still works (seconds since the epoch). */
  previous: { hash: string; expiresAt: number } | null;
}

export const toStored = (row: ClientRow): StoredClient => {
  const expires = row.previous_secret_expires_at ? new Date(row.previous_secret_expires_at).getTime() / 1000 : 0;
  const settings = JSON.parse(row.settings) as ClientSettings;
  return {
    // In the contract's order (jsonb keeps keys in an order of its own).
    client: {
      client_id: row.client_id,
      name: settings.name,
      type: settings.type,
      redirect_uris: settings.redirect_uris,
      post_logout_redirect_uris: settings.post_logout_redirect_uris,
      grant_types: settings.grant_types,
      scopes: settings.scopes,
      resources: settings.resources,
      first_party: settings.first_party,
      backchannel_logout_uri: settings.backchannel_logout_uri,
      home_url: settings.home_url,
      logo_url: settings.logo_url,
      id_token_signed_response_alg: settings.id_token_signed_response_alg,
      token_endpoint_auth_method: settings.token_endpoint_auth_method,
      jwks_uri: settings.jwks_uri,
      created_at: new Date(row.created_at).toISOString(),
      updated_at: new Date(row.updated_at).toISOString(),
    },
    secretHash: row.secret_hash,
    previous: row.previous_secret_hash ? { hash: row.previous_secret_hash, expiresAt: Math.floor(expires) } : null,
  };
};

export type ClientActor = Actor | System;

export function createClientRepository(sql: Sql) {
  const find = async (db: Sql, clientId: string, lock = false): Promise<StoredClient | null> => {
    const [row] = lock
      ? await db<ClientRow>`select client_id, settings::text as settings, secret_hash, previous_secret_hash,
          previous_secret_expires_at, created_at, updated_at from oidc_clients where client_id = ${clientId} for update`
      : await db<ClientRow>`select client_id, settings::text as settings, secret_hash, previous_secret_hash,
          previous_secret_expires_at, created_at, updated_at from oidc_clients where client_id = ${clientId}`;
    return row ? toStored(row) : null;
  };
  const audit = (
    tx: Sql,
    actor: ClientActor,
    action: string,
    client: Pick<Client, "client_id" | "name">,
    meta: RequestMeta,
  ) => writeAudit(tx, actor, action, null, meta, { client_id: client.client_id, name: client.name });

  return {
    find: (clientId: string) => find(sql, clientId),

    async list(): Promise<Client[]> {
      const rows = await sql<ClientRow>`
        select client_id, settings::text as settings, secret_hash, previous_secret_hash,
               previous_secret_expires_at, created_at, updated_at
        from oidc_clients order by created_at, client_id
      `;
      return rows.map((row) => toStored(row).client);
    },

    /** A new client, and its secret when confidential (shown this once). */
    create(
      actor: ClientActor,
      settings: ClientSettings,
      meta: RequestMeta,
    ): Promise<{ client: Client; secret?: string }> {
      const clientId = newClientId();
      const secret = settings.type === "confidential" ? newSecret() : undefined;
      return sql.begin(async (tx) => {
        await tx`
          insert into oidc_clients (client_id, name, type, settings, secret_hash)
          values (${clientId}, ${settings.name}, ${settings.type}, ${JSON.stringify(settings)}::text::jsonb,
                  ${secret === undefined ? null : hashSecret(secret)})
        `;
        const stored = (await find(tx, clientId)) as StoredClient;
        await audit(tx, actor, "client_created", stored.client, meta);
        return { client: stored.client, secret };
      });
    },

    /** New settings (the type stays); null for an unknown client, "type" when the type would change. */
    update(actor: ClientActor, clientId: string, settings: ClientSettings, meta: RequestMeta) {
      return sql.begin(async (tx): Promise<Client | null | "type"> => {
        const stored = await find(tx, clientId, true);
        if (!stored) return null;
        if (stored.client.type !== settings.type) return "type";
        await tx`
          update oidc_clients set name = ${settings.name}, settings = ${JSON.stringify(settings)}::text::jsonb, updated_at = now()
          where client_id = ${clientId}
        `;
        await audit(tx, actor, "client_updated", { client_id: clientId, name: settings.name }, meta);
        return ((await find(tx, clientId)) as StoredClient).client;
      });
    },

    /** A new secret; the old one works PREVIOUS_SECRET_HOURS more unless `revokeOld`. */
    rotateSecret(actor: ClientActor, clientId: string, revokeOld: boolean, meta: RequestMeta) {
      return sql.begin(async (tx): Promise<string | null | "public"> => {
        const stored = await find(tx, clientId, true);
        if (!stored) return null;
        if (stored.client.type === "public") return "public";
        const secret = newSecret();
        const expires = new Date(Date.now() + PREVIOUS_SECRET_HOURS * 3600_000);
        await tx`
          update oidc_clients set
            previous_secret_hash = ${revokeOld ? null : stored.secretHash},
            previous_secret_expires_at = ${revokeOld ? null : expires},
            secret_hash = ${hashSecret(secret)}, updated_at = now()
          where client_id = ${clientId}
        `;
        await audit(tx, actor, "client_secret_rotated", stored.client, meta);
        return secret;
      });
    },

    /** The client, its grants and their refresh tokens; false for an unknown client. */
    remove(actor: ClientActor, clientId: string, meta: RequestMeta): Promise<boolean> {
      return sql.begin(async (tx) => {
        const stored = await find(tx, clientId, true);
        if (!stored) return false;
        await tx`
          delete from oidc_refresh_tokens where grant_id in (select id from oidc_grants where client_id = ${clientId})
        `;
        await tx`delete from oidc_clients where client_id = ${clientId}`;
        await audit(tx, actor, "client_deleted", stored.client, meta);
        return true;
      });
    },
  };
}

export type ClientRepository = ReturnType<typeof createClientRepository>;
