/**
 * The layout holds: each folder imports only the folders below it (the README's "Architecture"
 * says why), the dashboard takes from the server only types and the pure field rules, and no two
 * test files share a name.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = join(import.meta.dir, "..", "..");

/**
 * What every feature stands on: the kit (src/kit.ts), the kernel (users/), the session, mail
 * delivery, metrics, HTTP and the platform. A feature imports these and itself, never another
 * feature: what features do for each other goes through the kit (hooks, sign-in's plug points,
 * `mail`, `present`).
 */
const CORE = ["src/kit.ts", "src/users", "src/session", "src/mail", "src/metrics", "src/http", "src/platform"];
/** The features, as src/features.ts composes them (each folder with a feature.ts it imports). */
const FEATURES = [
  ...readFileSync(join(root, "src/features.ts"), "utf8").matchAll(/from "\.\/([a-z-]+)\/feature\.ts"/g),
].map((match) => `src/${match[1]}`);

/** Which src/ folders (and root files) each folder may import (besides itself). The files at src/ itself compose everything. */
const MAY_IMPORT: Record<string, string[]> = {
  "src/config": ["src/platform"],
  "src/platform": [],
  "src/http": ["src/platform"],
  "src/session": ["src/kit.ts", "src/http", "src/platform"],
  "src/users": ["src/session", "src/http", "src/platform"],
  "src/mail": ["src/http", "src/platform"],
  "src/metrics": ["src/platform"],
  "src/docs": ["src/http"],
  "src/dashboard": ["src/http"],
  // The sessions are core (every feature stands on them) and a feature of their own (their routes).
  ...Object.fromEntries(FEATURES.filter((feature) => feature !== "src/session").map((feature) => [feature, CORE])),
};

/** What the dashboard bundle may run from the server's code: pure functions, no framework. */
const WEB_RUNTIME = [
  "src/users/validation.ts",
  "src/http/messages.ts",
  "src/http/catalogue.ts",
  "src/platform/languages.ts",
  "src/http/user-agent.ts",
];
/** What it may take as types: the t-schema models. */
const WEB_TYPES = /^src\/(http\/schemas|[a-z-]+\/model)\.ts$/;

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?"([^"]+)"/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), "utf8");
  return [...text.matchAll(IMPORT)]
    .filter((match) => (match[2] as string).startsWith("."))
    .map((match) => ({
      from: file,
      to: relative(root, resolve(dirname(join(root, file)), match[2] as string)),
      typeOnly: match[1] !== undefined,
    }));
}

const folderOf = (file: string): string => file.split("/").slice(0, 2).join("/");
const isRootFile = (file: string): boolean => file.split("/").length === 2;

describe("src/: each folder imports only the folders below it; a feature, never another feature", () => {
  const sources = files("src", /\.ts$/).filter((file) => file.split("/").length > 2);
  test("every folder has a rule", () => {
    expect([...new Set(sources.map(folderOf))].sort()).toEqual(Object.keys(MAY_IMPORT).sort());
  });
  test("every folder with a feature.ts is composed in features.ts", () => {
    const withFeatureFile = sources.filter((file) => file.endsWith("/feature.ts")).map(folderOf);
    expect(FEATURES.sort()).toEqual(withFeatureFile.sort());
    expect(FEATURES).toContain("src/account");
  });
  test("no import crosses a rule", () => {
    const broken = sources.flatMap(importsOf).filter(({ from, to }) => {
      const target = isRootFile(to) ? to : folderOf(to);
      if (target === folderOf(from) || !to.startsWith("src/")) return false;
      return !(MAY_IMPORT[folderOf(from)] ?? []).includes(target);
    });
    expect(broken.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });
});

describe("web/: the dashboard shares the server's types and field rules, nothing else", () => {
  const imports = files("web/src", /\.tsx?$/)
    .flatMap(importsOf)
    .filter(({ to }) => to.startsWith("src/"));
  test("it does import the server's models (so drift fails to compile)", () => {
    expect(imports.some(({ to, typeOnly }) => typeOnly && to === "src/account/model.ts")).toBe(true);
  });
  test("types from the models only; code from the pure rules only", () => {
    const broken = imports.filter(({ to, typeOnly }) =>
      typeOnly ? !WEB_TYPES.test(to) && !WEB_RUNTIME.includes(to) : !WEB_RUNTIME.includes(to),
    );
    expect(broken.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });
  test("the pure rules pull in no more code than themselves", () => {
    const runtime = WEB_RUNTIME.flatMap(importsOf).filter(({ typeOnly }) => !typeOnly);
    expect(runtime.every(({ to }) => WEB_RUNTIME.includes(to))).toBe(true);
  });
});

describe("web/: the dashboard mirrors the server: a feature's pages, actions and styles in its folder", () => {
  const webFiles = files("web/src", /\.tsx?$/);
  const featureOf = (file: string): string | null =>
    file.startsWith("web/src/features/") ? file.split("/").slice(0, 4).join("/") : null;
  test("a feature imports the dashboard's core and itself, never another feature", () => {
    const broken = webFiles.flatMap(importsOf).filter(({ from, to }) => {
      const target = featureOf(to);
      return target !== null && featureOf(from) !== null && target !== featureOf(from);
    });
    expect(broken.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });
  test("the core reaches a feature only through its index.ts (features.ts) and its sentences (catalogues.ts)", () => {
    const reaching = webFiles
      .flatMap(importsOf)
      .filter(({ from, to }) => featureOf(from) === null && featureOf(to) !== null)
      // The list of every catalogue, for the languages to translate (and the tests to check).
      .filter(({ from, to }) => !(from === "web/src/catalogues.ts" && /(messages|labels)\.ts$/.test(to)));
    expect(reaching.every(({ from, to }) => from === "web/src/features.ts" && to.endsWith("/index.ts"))).toBe(true);
    expect(reaching.length).toBe(readdirSync(join(root, "web/src/features")).length);
  });
  test("no page left outside a feature but the 404", () => {
    expect(readdirSync(join(root, "web/src/pages")).filter((name) => name.endsWith(".tsx"))).toEqual(["NotFound.tsx"]);
  });
});

test("test files have unique names across folders", () => {
  const names = files("tests", /\.test\.tsx?$/).map((file) => file.split("/").at(-1));
  expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
});
