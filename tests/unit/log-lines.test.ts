/** The log's lines: one JSON object each, time, level and message first, then the caller's fields. */
import { describe, expect, test } from "bun:test";
import { createLogger } from "../../src/http/log.ts";

function logged(use: (logger: ReturnType<typeof createLogger>) => void): string[] {
  const lines: string[] = [];
  use(createLogger((line) => lines.push(line)));
  return lines;
}

describe("createLogger", () => {
  test("a line is one JSON object: time, level, msg, then the fields in their order", () => {
    const before = Date.now();
    const [line] = logged((log) => log.warn("slow", { path: "/api/users/me", ms: 12.5, ok: false }));
    const entry = JSON.parse(line ?? "");
    expect(Object.keys(entry)).toEqual(["time", "level", "msg", "path", "ms", "ok"]);
    expect(entry).toMatchObject({ level: "warn", msg: "slow", path: "/api/users/me", ms: 12.5, ok: false });
    expect(Date.parse(entry.time)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(entry.time)).toBeLessThanOrEqual(Date.now());
  });

  test("no fields, empty fields and undefined fields leave no stray comma", () => {
    const lines = logged((log) => {
      log.info("a");
      log.info("b", {});
      log.error("c", { rid: undefined });
    });
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(["a", "b", "c"]);
    expect(lines.map((line) => Object.keys(JSON.parse(line)).length)).toEqual([3, 3, 3]);
  });

  test("quotes, newlines and control characters in the message and fields stay inside their strings", () => {
    const [line] = logged((log) => log.info('say "hi"\n\u0000', { note: 'a"b\nc' }));
    expect(line).not.toContain("\n");
    expect(JSON.parse(line ?? "")).toMatchObject({ msg: 'say "hi"\n\u0000', note: 'a"b\nc' });
  });
});
