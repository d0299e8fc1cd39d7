/**
 * Code a newcomer can read: no file in src/ or web/src/ over 300 lines, no function over 120. A
 * function is counted from the line that opens it to the line that closes its body (brace matching
 * that skips strings, template literals and comments), so a route factory whose chain grows past
 * 120 lines fails here and is split by what its routes are for.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(import.meta.dir, "..", "..");
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 120;

const sources = ["src", "web/src"].flatMap((dir) =>
  readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name))),
);

/** The text with strings, template literals and comments blanked (their line breaks kept). */
function codeOnly(text: string): string {
  let out = "";
  let i = 0;
  const blank = (from: number, to: number) => text.slice(from, to).replace(/[^\n]/g, " ");
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    let end = -1;
    if (c === "/" && next === "/") end = text.indexOf("\n", i) === -1 ? text.length : text.indexOf("\n", i);
    else if (c === "/" && next === "*") end = text.indexOf("*/", i + 2) + 2;
    else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === "\\" ? 2 : 1;
      end = j + 1;
    }
    if (end > i) {
      out += blank(i, end);
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** A line that opens a function body: a declaration, a method, or an arrow function's block. */
const OPENS =
  /(\bfunction\b[^{]*\{\s*$)|(=>\s*\{\s*$)|(^\s*(async\s+)?(get\s+|set\s+)?[A-Za-z_$][\w$]*\s*(<[^>]*>)?\([^;]*\)\s*(:\s*[^={;]+)?\{\s*$)/;
const CONTROL = /^\s*(if|for|while|switch|catch|else|do|try|return|await|with)\b/;

/** [line, length] of every function in the text that is longer than the limit. */
function longFunctions(text: string): Array<[number, number]> {
  const lines = codeOnly(text).split("\n");
  const found: Array<[number, number]> = [];
  lines.forEach((line, start) => {
    if (!OPENS.test(line) || CONTROL.test(line)) return;
    let depth = 0;
    for (let i = start; i < lines.length; i++) {
      for (const c of lines[i] as string) {
        if (c === "{") depth++;
        else if (c === "}") depth--;
      }
      if (depth <= 0 && i > start) {
        if (i - start + 1 > MAX_FUNCTION_LINES) found.push([start + 1, i - start + 1]);
        return;
      }
    }
  });
  return found;
}

describe("sizes", () => {
  test(`no file in src/ or web/src/ over ${MAX_FILE_LINES} lines`, () => {
    const long = sources
      .map((file) => [file, readFileSync(join(root, file), "utf8").trimEnd().split("\n").length] as const)
      .filter(([, lines]) => lines > MAX_FILE_LINES);
    expect(long.map(([file, lines]) => `${file}: ${lines} lines`)).toEqual([]);
  });

  test(`no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = sources.flatMap((file) =>
      longFunctions(readFileSync(join(root, file), "utf8")).map(([line, n]) => `${file}:${line}: ${n} lines`),
    );
    expect(long).toEqual([]);
  });

  test("the counter sees a long function (it can fail)", () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const a${i} = "}";`).join("\n");
    expect(longFunctions(`export function f() {\n${body}\n}\n`)).toEqual([[1, MAX_FUNCTION_LINES + 2]]);
    expect(longFunctions(`export const g = () => {\n  return 1;\n};\n`)).toEqual([]);
  });
});
