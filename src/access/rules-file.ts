/**
 * ACCESS_RULES: a path to a YAML or JSON file (Bun.YAML reads YAML; JSON is JSON.parse's), read and
 * compiled at start, where a bad file stops the start with one line naming the line of the file;
 * then watched: a change is read again, and a bad one keeps the rules in force and logs why.
 *
 * Neither parser says where a mistake is, so the line is found here: for a syntax error, the first
 * line at which the text read so far cannot be right; for a rule that is not right, the line its
 * entry starts on.
 */
import { readFileSync, watch } from "node:fs";
import { basename, dirname } from "node:path";
import type { Logger } from "../http/log.ts";
import { compileRules, RuleError, type Rules } from "./rules.ts";

/** What is wrong with the file, in one line (startup prints it as a configuration error). */
export class RulesFileError extends Error {
  override name = "RulesFileError";
}

const isJson = (text: string): boolean => /^\s*[[{]/.test(text);
const lines = (text: string): string[] => text.split(/\r?\n/);

/** The first line (from 1) where the text up to it cannot be right (a JSON text that only ends too soon still can). */
function syntaxErrorLine(text: string): number | null {
  const all = lines(text);
  for (let n = 1; n <= all.length; n++) {
    const prefix = all.slice(0, n).join("\n");
    try {
      if (isJson(text)) JSON.parse(prefix);
      else Bun.YAML.parse(prefix);
    } catch (error) {
      if (isJson(text) && error instanceof Error && /Unexpected EOF/i.test(error.message)) continue;
      return n;
    }
  }
  return null;
}

/** The line (from 1) each entry of `rules` starts on, as far as it can be told. */
function ruleLines(text: string): number[] {
  const starts: number[] = [];
  if (isJson(text)) {
    // Objects two levels down (the top mapping, the rules list) are the rules.
    let depth = 0;
    let line = 1;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === "\n") line++;
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") {
        if (c === "{" && depth === 2) starts.push(line);
        depth++;
      } else if (c === "}" || c === "]") depth--;
    }
    return starts;
  }
  const all = lines(text);
  const at = all.findIndex((l) => /^rules\s*:/.test(l));
  let indent: number | null = null;
  for (let i = at + 1; at >= 0 && i < all.length; i++) {
    const item = /^(\s*)-(\s|$)/.exec(all[i] as string);
    if (item && (indent === null || (item[1] as string).length === indent)) {
      indent = (item[1] as string).length;
      starts.push(i + 1);
    } else if (/^\S/.test(all[i] as string)) break;
  }
  return starts;
}

/** The file's rules, compiled; a RulesFileError naming the line otherwise. */
export function readRules(path: string): Rules {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new RulesFileError(`cannot read ${path}`);
  }
  let document: unknown;
  try {
    document = isJson(text) ? JSON.parse(text) : Bun.YAML.parse(text);
  } catch (error) {
    const line = syntaxErrorLine(text);
    const what = error instanceof Error ? error.message.replace(/^(JSON|YAML) Parse error: /, "") : "not valid";
    throw new RulesFileError(
      `${path}${line ? ` line ${line}` : ""}: not valid ${isJson(text) ? "JSON" : "YAML"} (${what})`,
    );
  }
  try {
    return compileRules(document);
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    const line = error.rule === null ? null : ruleLines(text)[error.rule - 1];
    const where = error.rule === null ? "" : ` (rule ${error.rule})`;
    throw new RulesFileError(`${path}${line ? ` line ${line}` : ""}${where}: ${error.message}`);
  }
}

export interface WatchedRules {
  /** The file (ACCESS_RULES). */
  path: string;
  current(): Rules;
  /** Reads the file again now: true when the new rules are in force (tests call it instead of waiting). */
  reload(): boolean;
  stop(): void;
}

/** The rules of the file, read now (a bad file throws), then again each time it changes. */
export function watchRules(path: string, logger: Logger, options: { watch?: boolean } = {}): WatchedRules {
  let rules = readRules(path);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const reload = (): boolean => {
    try {
      rules = readRules(path);
      logger.info("access rules reloaded", { rules: rules.rules.length });
      return true;
    } catch (error) {
      logger.error("access rules not reloaded: the rules in force stay", {
        reason: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  };
  // Its folder is watched, not the file: an editor often writes a new file and renames it over the
  // old one. It writes in several steps: the file is read once they settle.
  const name = basename(path);
  const watcher =
    options.watch === false
      ? null
      : watch(dirname(path), (_event, changed) => {
          if (changed !== null && changed !== name) return;
          if (timer) clearTimeout(timer);
          timer = setTimeout(reload, 200);
        });
  return {
    path,
    current: () => rules,
    reload,
    stop() {
      watcher?.close();
      if (timer) clearTimeout(timer);
    },
  };
}
