/**
 * Where one hot path's CPU and memory go: the server from source under `bun --cpu-prof`, on a
 * throwaway database of its own, signed in once, then wrk on the path; the profile's samples taken
 * during the load are summed by layer (bench/layers.ts), and the heap (bun:jsc heapStats, through
 * bench/heap-sampler.ts) is read at idle, through the load and after it.
 *
 *   bun bench/profile.ts /api/users/me [seconds]        (also /api/auth/verify, /oidc/me)
 *   bun bench/profile.ts /api/users/me 10 --top 40      the 40 costliest functions too
 *   bun bench/profile.ts /api/users/me 10 --top 20 --layer session   the same within some layers
 *   bun bench/profile.ts /api/users/me 10 --floor       the same of the floor (bench/baseline.ts), for comparison
 *   FLOOR_FRAMEWORK=elysia bun bench/profile.ts /api/users/me 10 --floor   the floor's /me in a bare Elysia app
 *   bun bench/profile.ts /api/users/me 10 --plain       neither: req/s, req per CPU-s and peak RSS only (A/B runs)
 *   bun bench/profile.ts /api/users/me 10 --plain --binary   the same of dist/datta-dashboard (bun run build)
 *   bun bench/profile.ts /api/users/me 10 --heap        the heap instead of the CPU (heapStats walks
 *                                                       the heap: never in the same run as a profile)
 *
 * DATABASE_URL / REDIS_URL name the servers (default: 127.0.0.1); SERVER_ROOT another checkout.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { freePort } from "../scripts/cluster.ts";
import { type CpuProfile, layerTable, topFunctions } from "./layers.ts";
import { startFromSource, workspace } from "./source-server.ts";
import { rssMb, threadCpuSeconds, wrk } from "./wrk.ts";

/** SERVER_ROOT: a checkout to profile instead of this one (a worktree of an earlier commit, for A/B runs). */
const root = process.env.SERVER_ROOT ?? join(import.meta.dir, "..");
const path = process.argv[2] ?? "/api/users/me";
const seconds = Number(process.argv[3] ?? 10);
const top = process.argv.includes("--top") ? Number(process.argv[process.argv.indexOf("--top") + 1]) : 0;
const HEAP = process.argv.includes("--heap");
/** `--layer log`: the top functions only within the layers whose name holds this. */
const LAYER = process.argv.includes("--layer") ? (process.argv[process.argv.indexOf("--layer") + 1] ?? "") : "";
const PLAIN = process.argv.includes("--plain");
const FLOOR = process.argv.includes("--floor");
/** `--binary`: dist/datta-dashboard (`bun run build`) instead of the server from source; with --plain only. */
const BINARY = process.argv.includes("--binary") ? join(root, "dist", "datta-dashboard") : undefined;
if (BINARY && !PLAIN) throw new Error("--binary is measured with --plain only (no profiler, no preload in a binary)");

const space = await workspace("profile");
const heapFile = join(space.dir, "heap.jsonl");
const flags = PLAIN
  ? []
  : HEAP
    ? ["--preload", join(import.meta.dir, "heap-sampler.ts")]
    : ["--cpu-prof", `--cpu-prof-dir=${space.dir}`, "--cpu-prof-interval=250"];
let proc: Subprocess | undefined;
try {
  const server = await startFromSource(
    root,
    space,
    "profile",
    path,
    FLOOR ? [] : flags,
    { HEAP_SAMPLES: HEAP ? heapFile : "" },
    BINARY,
  );
  proc = server.proc;
  let { url, spawned } = server;
  const headers = server.asked;
  if (FLOOR) {
    // The floor answers the server's cookie: the same secret, the same database.
    const port = await freePort();
    spawned = performance.now();
    const floor = Bun.spawn([process.execPath, ...flags, join(import.meta.dir, "baseline.ts")], {
      env: {
        ...space.env,
        HEAP_SAMPLES: HEAP ? heapFile : "",
        // FLOOR_FRAMEWORK=elysia: the floor's /me in a bare Elysia app (bench/baseline.ts).
        FLOOR_FRAMEWORK: process.env.FLOOR_FRAMEWORK ?? "",
        FLOOR_PLUGINS: process.env.FLOOR_PLUGINS ?? "",
        FLOOR_CONTRACT: process.env.FLOOR_CONTRACT ?? "",
        PORT: String(port),
        WEB_INDEX: join(root, "dist", "web", "index.html"),
        WEB_JS: join(root, "dist", "web", "index.html"),
        WEB_JS_PATH: "/assets/none.js",
      },
      stdout: "ignore",
      stderr: "inherit",
    });
    url = `http://127.0.0.1:${port}`;
    while (
      !(await fetch(`${url}/`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      await Bun.sleep(20);
    server.proc.kill("SIGTERM");
    proc = floor;
  }
  // Warm: the first seconds compile the path; they are not what a request costs.
  wrk(url + path, 50, 2, headers);
  await Bun.sleep(1000);
  const from = performance.now() - spawned;
  const threadsBefore = threadCpuSeconds(proc.pid);
  const run = wrk(url + path, 50, seconds, headers, proc.pid);
  const threadsAfter = threadCpuSeconds(proc.pid);
  const to = performance.now() - spawned;
  await Bun.sleep(3000);
  // The highest resident set the process reached (VmHWM), its sign-in's and its warm-up's included.
  const peak = rssMb(proc.pid);
  console.log(
    `${path}: ${run.rps.toFixed(0)} req/s, ${run.perCpuSecond.toFixed(0)} req per CPU-s, p99 ${run.p99.toFixed(2)} ms, peak RSS ${peak.toFixed(0)} MB`,
  );
  // Which threads the CPU went to (the JS thread, the collector's helpers, Bun's pools), per request.
  const perThread = [...threadsAfter]
    .map(([name, after]) => [name, ((after - (threadsBefore.get(name) ?? 0)) / run.requests) * 1e6] as const)
    .filter(([, us]) => us >= 0.5)
    .sort((a, b) => b[1] - a[1]);
  console.log(`CPU per request by thread: ${perThread.map(([name, us]) => `${name} ${us.toFixed(1)} µs`).join(", ")}`);
  proc.kill("SIGTERM");
  await proc.exited;

  if (PLAIN) {
    // Only the figures above.
  } else if (!HEAP) {
    const file = (await readdir(space.dir)).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error("no profile written");
    const profile = JSON.parse(await readFile(join(space.dir, file), "utf8")) as CpuProfile;
    console.log(`\nCPU by layer, samples during the load (${((to - from) / 1000).toFixed(1)} s):\n`);
    console.log(layerTable(profile, from * 1000, to * 1000, run.requests));
    if (top > 0) console.log(`\n${topFunctions(profile, from * 1000, to * 1000, top, LAYER)}`);
  } else {
    console.log(await heapReport(heapFile, from, to));
  }
} finally {
  if (proc && proc.exitCode === null) proc.kill("SIGKILL");
  await space.close();
}

/** The heap sampler's lines (bench/heap-sampler.ts) before, during (`from`..`to`, ms) and after the load. */
async function heapReport(file: string, from: number, to: number): Promise<string> {
  const all = (await readFile(file, "utf8"))
    .trim()
    .split("\n")
    .map(
      (line) =>
        JSON.parse(line) as {
          at: number;
          heapMB?: number;
          objects?: number;
          types?: Record<string, number>;
          rssMB: number;
        },
    );
  const heap = all.filter((h) => h.heapMB !== undefined) as Array<Required<(typeof all)[number]>>;
  const rssPeak = all.filter((h) => h.at >= from && h.at <= to).reduce((m, h) => Math.max(m, h.rssMB), 0);
  const during = heap.filter((h) => h.at >= from && h.at <= to);
  const before = heap.filter((h) => h.at < from).at(-1);
  const after = heap.at(-1);
  const highest = during.reduce<(typeof heap)[number] | undefined>(
    (a, b) => (a && a.heapMB >= b.heapMB ? a : b),
    undefined,
  );
  // The kinds of object that grew most from idle to the highest heap, and what is left after.
  const grown = Object.entries(highest?.types ?? {})
    .map(([type, n]) => [type, n - (before?.types[type] ?? 0), after?.types[type] ?? 0] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([type, more, left]) => `| ${type} | +${more} | ${left - (before?.types[type] ?? 0)} |`);
  const row = (name: string, h?: (typeof heap)[number]) =>
    h
      ? `| ${name} | ${h.heapMB.toFixed(1)} | ${(h.objects / 1000).toFixed(0)}k | ${h.rssMB.toFixed(0)} |`
      : `| ${name} | - | - | - |`;
  return `\nRSS every 250 ms, highest during the load: ${rssPeak.toFixed(0)} MB. Heap (bun:jsc heapStats every second):\n\n| when | JS heap MB | objects | RSS MB |\n|---|---|---|---|\n${[
    row("idle, before the load", before),
    row("highest JS heap of the load", highest),
    row("3 s after the load", after),
  ].join(
    "\n",
  )}\n\n| kind of object | more at the highest heap than idle | more 3 s after than idle |\n|---|---|---|\n${grown.join("\n")}`;
}
