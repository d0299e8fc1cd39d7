/**
 * Builds the dashboard into dist/web: hashed JS, CSS and favicon under assets/ (cached for a
 * year), and index.html pointing at them (never cached). Each text file gets its brotli (`.br`)
 * and gzip (`.gz`) forms beside it, compressed once here at the highest levels, so the server
 * sends compressed bytes from memory with no work per request. Prints sizes against the budget.
 *
 *   bun web/build.ts            build once
 *   bun web/build.ts --quiet    build without the report
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { encodedName } from "../src/dashboard/encoding.ts";

export const WEB_DIR = import.meta.dir;
export const DIST_DIR = join(WEB_DIR, "..", "dist", "web");
/** First load of the sign-in page, all JS + CSS gzipped. */
export const BUDGET_GZIP_BYTES = 30 * 1024;
export const BUDGET_BUILD_MS = 2000;

export interface BuildReport {
  ms: number;
  files: Array<{ name: string; bytes: number; gzip: number; brotli: number }>;
  firstLoadGzip: number;
  firstLoadBrotli: number;
}

/** Writes `path.br` and `path.gz`; returns their sizes. */
async function precompress(path: string, bytes: Uint8Array<ArrayBuffer>): Promise<{ gzip: number; brotli: number }> {
  const gzip = Bun.gzipSync(bytes, { level: 9 });
  const brotli = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
    },
  });
  // Named as the server looks them up.
  await Promise.all([writeFile(encodedName(path, "gzip"), gzip), writeFile(encodedName(path, "br"), brotli)]);
  return { gzip: gzip.byteLength, brotli: brotli.byteLength };
}

export async function buildWeb(outDir: string = DIST_DIR): Promise<BuildReport> {
  const started = performance.now();
  const assetsDir = join(outDir, "assets");
  await rm(outDir, { recursive: true, force: true });
  await mkdir(assetsDir, { recursive: true });

  const result = await Bun.build({
    // The signed-in shell's stylesheet is its own entry: fetched with the shell, not linked.
    entrypoints: [join(WEB_DIR, "src", "main.tsx"), join(WEB_DIR, "src", "styles", "signed-in.css")],
    outdir: assetsDir,
    target: "browser",
    // Pages and libraries imported lazily (the Security page, WebAuthn, the QR encoder) become chunks
    // loaded when first needed, not part of the first load.
    splitting: true,
    minify: true,
    sourcemap: "none",
    naming: { entry: "[name]-[hash].[ext]", asset: "[name]-[hash].[ext]", chunk: "[name]-[hash].[ext]" },
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
  });
  if (!result.success) {
    throw new AggregateError(result.logs, `dashboard build failed:\n${result.logs.map(String).join("\n")}`);
  }

  const js = result.outputs.find((o) => o.kind === "entry-point" && o.path.endsWith(".js"));
  const named = (prefix: string) =>
    result.outputs.find((o) => o.path.endsWith(".css") && basename(o.path).startsWith(`${prefix}-`));
  // The first page's stylesheet (main.tsx imports it), linked; the signed-in one, named for the shell.
  const css = named("main");
  const signedIn = named("signed-in");
  if (!js || !css || !signedIn) throw new Error("dashboard build: expected the entry's JS and both stylesheets");
  // The favicon, named by its content like the bundles.
  const icon = await readFile(join(WEB_DIR, "public", "favicon.svg"));
  const favicon = { path: join(assetsDir, `favicon-${Bun.hash(icon).toString(36).slice(0, 8)}.svg`) };
  await writeFile(favicon.path, icon);
  const url = (file: { path: string }) => `/assets/${basename(file.path)}`;

  const template = await readFile(join(WEB_DIR, "index.html"), "utf8");
  const html = template
    .replace("%JS%", url(js))
    .replace("%CSS%", url(css))
    .replace("%SIGNED_IN_CSS%", url(signedIn))
    .replace("%FAVICON%", url(favicon));
  const index = { path: join(outDir, "index.html") };
  await writeFile(index.path, html);

  const files = await Promise.all(
    [...result.outputs, favicon, index].map(async (output) => {
      const bytes = new Uint8Array(await Bun.file(output.path).arrayBuffer());
      return { name: basename(output.path), bytes: bytes.byteLength, ...(await precompress(output.path, bytes)) };
    }),
  );
  const firstLoad = files.filter((f) => f.name === basename(js.path) || f.name === basename(css.path));
  return {
    ms: performance.now() - started,
    files,
    firstLoadGzip: firstLoad.reduce((sum, f) => sum + f.gzip, 0),
    firstLoadBrotli: firstLoad.reduce((sum, f) => sum + f.brotli, 0),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatReport(report: BuildReport): string {
  const lines = report.files.map(
    (f) =>
      `  ${f.name.padEnd(32)} ${kb(f.bytes).padStart(9)}  ${kb(f.gzip).padStart(8)} gzip  ${kb(f.brotli).padStart(8)} br`,
  );
  const budget = report.firstLoadGzip <= BUDGET_GZIP_BYTES ? "within" : "OVER";
  const time = report.ms <= BUDGET_BUILD_MS ? "within" : "OVER";
  lines.push(
    `  first load (JS + CSS): ${kb(report.firstLoadGzip)} gzip, ${budget} the ${kb(BUDGET_GZIP_BYTES)} budget; ${kb(report.firstLoadBrotli)} br`,
  );
  lines.push(`  built in ${Math.round(report.ms)} ms, ${time} the ${BUDGET_BUILD_MS} ms budget`);
  return `dashboard -> dist/web\n${lines.join("\n")}`;
}

if (import.meta.main) {
  const report = await buildWeb();
  if (!process.argv.includes("--quiet")) console.log(formatReport(report));
  if (report.firstLoadGzip > BUDGET_GZIP_BYTES) process.exitCode = 1;
}
