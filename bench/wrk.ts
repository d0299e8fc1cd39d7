/**
 * wrk, driven by bench/wrk/scenario.lua (method, body, cookie and CSRF header from the environment),
 * and its JSON summary (and the benchmarks' numeric options): what every benchmark here measures HTTP with.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface WrkResult {
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Requests answered (counting non-2xx). */
  requests: number;
  /** Requests per CPU-second of the server process during the run (user + system, every thread); NaN when not measured. */
  perCpuSecond: number;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ). */
const TICKS = Number(Bun.spawnSync(["getconf", "CLK_TCK"]).stdout.toString().trim()) || 100;

/**
 * Seconds of CPU a process has used so far, user + system, all its threads (/proc/<pid>/stat, fields
 * 14 and 15; counted after the command name, which may hold spaces).
 */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/**
 * Seconds of CPU each kind of thread of a process has used so far (/proc/<pid>/task/*: the main
 * thread, the collector's helpers, Bun's pools), by thread name, threads of one name summed.
 */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8");
      const name = task === String(pid) ? "main (JS)" : stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      byName.set(name, (byName.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return byName;
}

/** A process's peak resident set (VmHWM) or, with "VmRSS", its resident set now; MB. */
export function rssMb(pid: number, field: "VmHWM" | "VmRSS" = "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

/**
 * One wrk run against `url`; with `pid`, the server's CPU over the run too, so its requests per
 * CPU-second say what one request costs whatever wrk and the neighbours take of the machine.
 */
export function wrk(
  url: string,
  connections: number,
  seconds: number,
  env: Record<string, string>,
  pid?: number,
): WrkResult {
  const cpuBefore = pid === undefined ? 0 : cpuSeconds(pid);
  const out = Bun.spawnSync(
    [
      "wrk",
      "-t2",
      `-c${connections}`,
      `-d${seconds}s`,
      "--timeout",
      "5s",
      "-s",
      join(import.meta.dir, "wrk", "scenario.lua"),
      url,
    ],
    { env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" },
  );
  const line = out.stdout
    .toString()
    .split("\n")
    .find((l) => l.startsWith("WRK_JSON "));
  if (!line) throw new Error(`wrk gave no summary: ${out.stderr.toString()}${out.stdout.toString()}`);
  const r = JSON.parse(line.slice(9));
  const cpu = pid === undefined ? Number.NaN : cpuSeconds(pid) - cpuBefore;
  return {
    requests: r.requests,
    perCpuSecond: r.requests / cpu,
    rps: r.requests / (r.duration_us / 1e6),
    p50: r.p50_us / 1000,
    p99: r.p99_us / 1000,
    non2xx: r.status,
    errors: r.connect + r.read + r.write + r.timeout,
  };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** A benchmark's numeric option: `--name N` on the command line (a positive number), or `fallback`. */
export function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}
