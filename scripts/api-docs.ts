/**
 * `bun run docs`: writes the endpoint reference of docs/API.md from the OpenAPI document the
 * server itself serves (/api/docs/json), between the two `generated` markers; the prose above them
 * is written by hand. `bun run docs --check` (and tests/repo/api-docs.test.ts) fail when the file
 * is not what the code would write, so the reference cannot drift from the routes.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createApp } from "../src/app.ts";
import type { Database, Sql } from "../src/platform/db/sql.ts";
import { createSealer } from "../src/platform/sealed.ts";
import { createMemoryStore } from "../src/platform/store/memory.ts";
import { createTokenService } from "../src/session/tokens.ts";
import { createPasswordHasher } from "../src/users/password.ts";

export const API_DOC = join(import.meta.dir, "..", "docs", "API.md");
const START = "<!-- generated:start (bun run docs) -->";
const END = "<!-- generated:end -->";

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  format?: string;
  nullable?: boolean;
};

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  hide?: boolean;
}

/** The app as createApp composes it, built without any backend (its routes must not run). */
export async function appWithoutBackend() {
  const unreachable = () => {
    throw new Error("the API reference is built without a database");
  };
  const sql = Object.assign(unreachable, { begin: unreachable, exec: unreachable }) as unknown as Sql;
  const db: Database = { kind: "postgres", sql, ping: async () => unreachable(), close: async () => {} };
  const store = createMemoryStore();
  const app = await createApp({
    db,
    store,
    tokens: createTokenService({ secret: "x".repeat(32), ttlSeconds: 900, sessionMaxAgeSeconds: 43200 }),
    passwords: createPasswordHasher(),
    cookies: { secure: false },
    forwardAuth: {
      keyring: {
        current: unreachable,
        jwks: () => [],
        usable: () => [],
        generation: () => "",
        refresh: async () => unreachable(),
        stop: () => {},
      },
      issuer: "http://localhost",
      audience: "datta-services",
    },
    email: { publicUrl: "http://localhost" },
    sealer: createSealer(["x".repeat(32)]),
  });
  return { app, close: () => store.close() };
}

/** The OpenAPI document, from an app built without any backend (the routes never run here). */
export async function openApiDocument(): Promise<{ paths: Record<string, Record<string, Operation>> }> {
  const { app, close } = await appWithoutBackend();
  const response = await app.handle(new Request("http://localhost/api/docs/json"));
  await close();
  return response.json();
}

/** A schema as a short type expression: `{ email: string, password?: string }`, `string[]`, `"a" | "b"`. */
function typeOf(schema: Schema, indent = ""): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (schema.anyOf) {
    // Elysia documents an integer as "an integer, or a string holding one"; the API sends integers.
    if (schema.anyOf.some((s) => s.type === "integer")) return "integer";
    return schema.anyOf.map((s) => typeOf(s, indent)).join(" | ");
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nullable = schema.nullable || types.includes("null");
  const main = types.find((t) => t !== "null") ?? (schema.properties ? "object" : "any");
  let text: string;
  if (main === "array") text = `${typeOf(schema.items ?? {}, indent)}[]`;
  else if (main === "object" && schema.properties) {
    const inner = `${indent}  `;
    const fields = Object.entries(schema.properties).map(([name, field]) => {
      const optional = schema.required?.includes(name) ? "" : "?";
      return `${inner}${name}${optional}: ${typeOf(field, inner)}`;
    });
    text = `{\n${fields.join(",\n")}\n${indent}}`;
  } else text = schema.format && main === "string" ? `string (${schema.format})` : main;
  return nullable ? `${text} | null` : text;
}

function authOf(operation: Operation): string {
  const schemes = (operation.security ?? []).map((requirement) => Object.keys(requirement).sort().join("+"));
  if (schemes.length === 0) return "none";
  const cookie = schemes.find((s) => s.startsWith("cookieAuth"));
  const csrf = cookie?.includes("csrfHeader") ? " with `X-CSRF-TOKEN`" : "";
  return `the session cookie${csrf}, or a bearer token`;
}

function fieldRows(schema: Schema): string[] {
  return Object.entries(schema.properties ?? {}).map(([name, field]) => {
    const required = schema.required?.includes(name) ? "yes" : "no";
    const type = typeOf(field).replaceAll("\n", " ").replace(/\s+/g, " ");
    return `| \`${name}\` | ${type.replaceAll("|", "\\|")} | ${required} | ${field.description ?? ""} |`;
  });
}

/** The generated part of docs/API.md: one section per endpoint, in the document's order. */
export function renderReference(doc: { paths: Record<string, Record<string, Operation>> }): string {
  const out: string[] = ["## Endpoints", ""];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (operation.hide) continue;
      out.push(`### \`${method.toUpperCase()} ${path}\``, "");
      if (operation.summary) out.push(`${operation.summary}.`, "");
      if (operation.description) out.push(operation.description, "");
      out.push(`Authentication: ${authOf(operation)}.`, "");
      const query = (operation.parameters ?? []).filter((p) => p.in === "query");
      if (query.length) {
        out.push("Query parameters:", "", "| name | type | required | meaning |", "| --- | --- | --- | --- |");
        for (const p of query) {
          out.push(
            `| \`${p.name}\` | ${typeOf(p.schema)} | ${p.required ? "yes" : "no"} | ${p.schema.description ?? ""} |`,
          );
        }
        out.push("");
      }
      const body = operation.requestBody?.content["application/json"]?.schema;
      if (body) {
        out.push("Body (JSON):", "", "| field | type | required | meaning |", "| --- | --- | --- | --- |");
        out.push(...fieldRows(body), "");
      }
      const schemaOf = (status: string) => operation.responses[status]?.content?.["application/json"]?.schema;
      const statuses = Object.keys(operation.responses).sort();
      // An answer in its own shape is shown; failures in the common error shape are only listed.
      const inErrorShape = (status: string) => !status.startsWith("2") && !!schemaOf(status)?.properties?.msg;
      const success = statuses.filter((s) => !inErrorShape(s));
      const failures = statuses.filter(inErrorShape);
      for (const status of success) {
        const schema = schemaOf(status);
        out.push(`Answer \`${status}\`:`, "", "```ts", schema ? typeOf(schema) : "(no body)", "```", "");
      }
      if (failures.length) out.push(`Errors, in the error shape: ${failures.map((s) => `\`${s}\``).join(", ")}.`, "");
    }
  }
  return out.join("\n").trimEnd();
}

/** docs/API.md with its generated part replaced by `reference`. */
export function withReference(document: string, reference: string): string {
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/API.md: the markers ${START} and ${END} are missing`);
  return `${document.slice(0, start + START.length)}\n\n${reference}\n\n${document.slice(end)}`;
}

if (import.meta.main) {
  const current = await readFile(API_DOC, "utf8");
  const next = withReference(current, renderReference(await openApiDocument()));
  if (process.argv.includes("--check")) {
    if (next !== current) {
      console.error("docs/API.md is out of date: run `bun run docs`");
      process.exit(1);
    }
    console.log("docs/API.md is up to date");
  } else {
    await writeFile(API_DOC, next);
    console.log(next === current ? "docs/API.md: no change" : "docs/API.md: endpoint reference rewritten");
  }
}
