/**
 * A CPU profile (`bun --cpu-prof`, Chrome's .cpuprofile format) summed by layer of the request
 * path: each sample goes to the innermost frame on its stack that names a layer (JWT inside the
 * session code counts as JWT; a builtin such as JSON.stringify counts as whoever called it).
 */

export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The layers, tested in this order against a frame's file (and, for a few, its function). */
const LAYERS: Array<[name: string, test: RegExp]> = [
  ["JWT (jose)", /node_modules\/jose\//],
  ["OpenID provider (oidc-provider, koa)", /node_modules\/(oidc-provider|koa|@koa|jsesc|quick-lru|raw-body)/],
  ["fetch-to-node bridge", /node_modules\/fetch-to-node|src\/oidc\/bridge/],
  ["metrics (prom-client + ours)", /node_modules\/prom-client|src\/metrics\//],
  ["request log line", /src\/http\/log\.ts/],
  ["security headers", /src\/http\/security-headers\.ts/],
  ["language (Accept-Language, catalogue)", /src\/http\/(language|catalogue|messages)\.ts/],
  ["transport (cookies, CSRF, body)", /src\/session\/transport\.ts|src\/http\/(cookies|body|client-ip|context)\.ts/],
  ["response schema (TypeBox)", /node_modules\/@sinclair\/typebox|node_modules\/(exact-mirror|@sinclair)/],
  ["Elysia (routing, hooks, compiled handler)", /node_modules\/elysia\//],
  ["Postgres (Bun.sql + our calls)", /src\/platform\/db\/|bun:sql|internal:sql|sql\.ts$/],
  ["Redis (RedisClient + our calls)", /src\/platform\/store\/|redis/i],
  ["session (verify, blocklist)", /src\/session\//],
  ["forward auth", /src\/forward-auth\/|src\/access\//],
  ["users (repository, presenter)", /src\/users\//],
  ["OpenID provider (our adapter)", /src\/oidc\//],
  ["other of ours (src/)", /\/src\//],
  ["other libraries", /node_modules\//],
];

function layerOf(frame: { functionName: string; url: string }): string | undefined {
  if (frame.functionName === "(garbage collector)") return "garbage collection";
  if (frame.functionName === "(idle)") return "(idle)";
  if (!frame.url) return undefined;
  for (const [name, test] of LAYERS) if (test.test(frame.url)) return name;
  return undefined;
}

/** The samples taken between `fromUs` and `toUs` (µs since the profile began), each with its node. */
function samplesIn(profile: CpuProfile, fromUs: number, toUs: number): number[] {
  const out: number[] = [];
  let at = 0;
  profile.samples.forEach((node, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= fromUs && at <= toUs) out.push(node);
  });
  return out;
}

/** Each node's layer: its own frame's, else its nearest caller's that names one. */
function layersOf(profile: CpuProfile): (id: number) => string {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const memo = new Map<number, string>();
  const layerOfNode = (id: number): string => {
    const known = memo.get(id);
    if (known) return known;
    let layer: string | undefined;
    for (let at: number | undefined = id; at !== undefined && !layer; at = parent.get(at)) {
      const node = byId.get(at);
      if (node) layer = layerOf(node.callFrame);
    }
    const found = layer ?? "Bun (HTTP server, event loop, natives)";
    memo.set(id, found);
    return found;
  };
  return layerOfNode;
}

/** The layer table: share of the samples, and µs per request when `requests` were served meanwhile. */
export function layerTable(profile: CpuProfile, fromUs: number, toUs: number, requests: number): string {
  const layerOfNode = layersOf(profile);
  const samples = samplesIn(profile, fromUs, toUs);
  const counts = new Map<string, number>();
  for (const id of samples) counts.set(layerOfNode(id), (counts.get(layerOfNode(id)) ?? 0) + 1);
  const busy = samples.filter((id) => layerOfNode(id) !== "(idle)").length;
  const interval = (toUs - fromUs) / Math.max(samples.length, 1);
  const rows = [...counts.entries()]
    .filter(([name]) => name !== "(idle)")
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `| ${name} | ${((100 * n) / busy).toFixed(1)}% | ${((n * interval) / requests).toFixed(1)} |`);
  return `| layer (JS thread) | share of busy samples | µs per request |\n|---|---|---|\n${rows.join("\n")}\n| **all (JS thread busy)** | 100% | ${((busy * interval) / requests).toFixed(1)} |`;
}

/** The `n` functions with the most samples of their own in the window (in layers whose name has `layer`). */
export function topFunctions(profile: CpuProfile, fromUs: number, toUs: number, n: number, layer = ""): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const layerOfNode = layersOf(profile);
  const name = (id: number | undefined): string => {
    const frame = id === undefined ? undefined : byId.get(id)?.callFrame;
    if (!frame) return "(root)";
    const file = frame.url.replace(/.*node_modules\//, "").replace(/.*\/src\//, "src/");
    return `${frame.functionName || "(anonymous)"}${file ? ` ${file}:${frame.lineNumber}` : ""}`;
  };
  const counts = new Map<string, number>();
  const samples = samplesIn(profile, fromUs, toUs);
  for (const id of samples) {
    if (!layerOfNode(id).includes(layer)) continue;
    // A builtin (no file) is named with the function of ours or of a library that called it.
    let caller = parent.get(id);
    while (caller !== undefined && !byId.get(caller)?.callFrame.url) caller = parent.get(caller);
    const key = byId.get(id)?.callFrame.url ? name(id) : `${name(id)} < ${name(caller)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, count]) => `${((100 * count) / samples.length).toFixed(1).padStart(5)}%  ${key}`)
    .join("\n");
}
