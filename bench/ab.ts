/**
 * Before and after, side by side: an earlier checkout's server (BEFORE_ROOT, a worktree of the
 * commit before a change) and this one's, both from source on one throwaway database, asked the
 * same path in alternating runs of wrk. Each pair of runs is next to each other in time, so the
 * ratio of a pair says more than either figure on this shared machine; the median ratio is printed.
 *
 *   git worktree add /tmp/before HEAD~1 && ln -s $PWD/node_modules $PWD/dist /tmp/before/
 *   BEFORE_ROOT=/tmp/before bun bench/ab.ts /api/users/me [rounds] [seconds]
 *   BEFORE_ROOT=. AFTER_ENV="BUN_JSC_x=1 Y=2" bun bench/ab.ts ...   one checkout, with and without a setting
 */
import { join } from "node:path";
import { type SourceServer, startFromSource, workspace } from "./source-server.ts";
import { median, rssMb, type WrkResult, wrk } from "./wrk.ts";

const before = process.env.BEFORE_ROOT;
if (!before) throw new Error("BEFORE_ROOT names the checkout to compare with");
const path = process.argv[2] ?? "/api/users/me";
const rounds = Number(process.argv[3] ?? 5);
const seconds = Number(process.argv[4] ?? 5);

const space = await workspace("ab");
const servers: SourceServer[] = [];
try {
  servers.push(await startFromSource(before, space, "before", path));
  const afterEnv = Object.fromEntries(
    (process.env.AFTER_ENV ?? "")
      .split(" ")
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
  servers.push(await startFromSource(join(import.meta.dir, ".."), space, "after", path, [], afterEnv));
  for (const server of servers) wrk(server.url + path, 50, 2, server.asked);
  const runs: WrkResult[][] = [[], []];
  /** The highest resident set so far (VmHWM, never reset: the peak of the whole comparison), MB. */
  const peaks: number[][] = [[], []];
  for (let round = 0; round < rounds; round++) {
    // Who goes first alternates, so neither always gets the warmer machine.
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const server = servers[i] as SourceServer;
      const r = wrk(server.url + path, 50, seconds, server.asked, server.proc.pid);
      runs[i]?.push(r);
      const peak = rssMb(server.proc.pid);
      peaks[i]?.push(peak);
      console.log(
        `${i === 0 ? "before" : "after "}  ${r.rps.toFixed(0).padStart(6)} req/s  ${r.perCpuSecond.toFixed(0).padStart(6)} per CPU-s  p99 ${r.p99.toFixed(2)} ms  peak RSS ${peak.toFixed(0)} MB`,
      );
    }
  }
  const [a, b] = runs as [WrkResult[], WrkResult[]];
  const ratios = (key: "perCpuSecond" | "rps" | "p99") => a.map((r, i) => (b[i]?.[key] ?? Number.NaN) / r[key]);
  const show = (values: number[]) => values.map((v) => v.toFixed(2)).join(" ");
  console.log(
    `\npeak RSS: before ${Math.max(...(peaks[0] ?? [])).toFixed(0)} MB, after ${Math.max(...(peaks[1] ?? [])).toFixed(0)} MB`,
  );
  console.log(
    `\n${path}, after / before, pair by pair:\n  per CPU-s ${show(ratios("perCpuSecond"))}  median ${median(ratios("perCpuSecond")).toFixed(2)}\n  req/s     ${show(ratios("rps"))}  median ${median(ratios("rps")).toFixed(2)}\n  p99       ${show(ratios("p99"))}  median ${median(ratios("p99")).toFixed(2)}`,
  );
} finally {
  for (const server of servers) server.proc.kill("SIGTERM");
  await Promise.all(servers.map((s) => s.proc.exited));
  await space.close();
}
