/** docs/API.md's endpoint reference is what the routes' OpenAPI document says today (`bun run docs`). */
import { expect, setDefaultTimeout, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { API_DOC, openApiDocument, renderReference, withReference } from "../../scripts/api-docs.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

test("docs/API.md is current: every route documented as the code declares it", async () => {
  const current = await readFile(API_DOC, "utf8");
  const doc = await openApiDocument();
  expect(Object.keys(doc.paths).length).toBeGreaterThan(5);
  for (const path of Object.keys(doc.paths)) expect(current).toContain(path);
  expect(withReference(current, renderReference(doc))).toBe(current);
});

test("nothing in the repository points outside it", async () => {
  const proc = Bun.spawn(["git", "grep", "-n", "\\.\\./shared", "--", ".", ":!.ci"], {
    cwd: `${import.meta.dir}/../..`,
    stdout: "pipe",
  });
  expect((await new Response(proc.stdout).text()).trim()).toBe("");
});
