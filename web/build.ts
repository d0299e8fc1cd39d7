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
  /** The first load of a browser in each language: English's, plus that language's sentences. */
  firstLoadByLanguage: Record<string, number>;
}

/** The chunks a module needs before it runs: itself and, recursively, what it imports statically (never `import()`). */
function staticClosure(entry: string, text: (name: string) => string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const [, imported] of text(name).matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(imported as string);
  };
  visit(entry);
  return [...seen];
}

/** Which built chunk holds each language's dashboard sentences (found by a sentence only it has). */
async function languageChunks(names: string[], text: (name: string) => string): Promise<Record<string, string>> {
  const { LANGUAGES } = await import("../src/platform/languages.ts");
  const found: Record<string, string> = {};
  for (const language of LANGUAGES.filter((l) => l !== "en")) {
    const own = (await import(`../languages/${language}/dashboard.ts`)).default.web.pageNotFound as string;
    const chunk = names.find((name) => name.startsWith("dashboard-") && text(name).includes(own));
    if (chunk) found[language] = chunk;
  }
  return found;
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
    // The other pages' stylesheet is its own entry: fetched with the first of them, not linked.
    entrypoints: [join(WEB_DIR, "src", "main.tsx"), join(WEB_DIR, "src", "styles", "pages.css")],
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
  // The first page's stylesheet (main.tsx imports it), linked; the other pages', named for them.
  const css = named("main");
  const pagesCss = named("pages");
  if (!js || !css || !pagesCss) throw new Error("dashboard build: expected the entry's JS and both stylesheets");
  // The favicon, named by its content like the bundles.
  const icon = await readFile(join(WEB_DIR, "public", "favicon.svg"));
  const favicon = { path: join(assetsDir, `favicon-${Bun.hash(icon).toString(36).slice(0, 8)}.svg`) };
  await writeFile(favicon.path, icon);
  const url = (file: { path: string }) => `/assets/${basename(file.path)}`;
  // What the entry imports statically is fetched before it runs: preloaded with it, counted with it.
  const texts = new Map(
    await Promise.all(
      result.outputs
        .filter((o) => o.path.endsWith(".js"))
        .map(async (o) => [basename(o.path), await Bun.file(o.path).text()] as const),
    ),
  );
  const text = (name: string) => texts.get(name) ?? "";
  const firstChunks = staticClosure(basename(js.path), text);
  const preloads = firstChunks
    .slice(1)
    .map((name) => `<link rel="modulepreload" href="/assets/${name}" />`)
    .join("\n    ");

  const template = await readFile(join(WEB_DIR, "index.html"), "utf8");
  const html = template
    .replace("%JS%", url(js))
    .replace("%PRELOADS%", preloads)
    .replace("%CSS%", url(css))
    .replace("%PAGES_CSS%", url(pagesCss))
    .replace("%FAVICON%", url(favicon));
  const index = { path: join(outDir, "index.html") };
  await writeFile(index.path, html);

  const files = await Promise.all(
    [...result.outputs, favicon, index].map(async (output) => {
      const bytes = new Uint8Array(await Bun.file(output.path).arrayBuffer());
      return { name: basename(output.path), bytes: bytes.byteLength, ...(await precompress(output.path, bytes)) };
    }),
  );
  const firstLoad = files.filter((f) => firstChunks.includes(f.name) || f.name === basename(css.path));
  const gzipOf = (names: string[]) => files.filter((f) => names.includes(f.name)).reduce((sum, f) => sum + f.gzip, 0);
  const english = firstLoad.reduce((sum, f) => sum + f.gzip, 0);
  const firstLoadByLanguage: Record<string, number> = { en: english };
  for (const [language, chunk] of Object.entries(await languageChunks([...texts.keys()], text))) {
    const extra = staticClosure(chunk, text).filter((name) => !firstChunks.includes(name));
    firstLoadByLanguage[language] = english + gzipOf(extra);
  }
  return {
    ms: performance.now() - started,
    files,
    firstLoadGzip: Math.max(...Object.values(firstLoadByLanguage)),
    firstLoadBrotli: firstLoad.reduce((sum, f) => sum + f.brotli, 0),
    firstLoadByLanguage,
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
  lines.push(
    `  first load by language: ${Object.entries(report.firstLoadByLanguage)
      .map(([language, bytes]) => `${language} ${kb(bytes)}`)
      .join(", ")} gzip`,
  );
  lines.push(`  built in ${Math.round(report.ms)} ms, ${time} the ${BUDGET_BUILD_MS} ms budget`);
  return `dashboard -> dist/web\n${lines.join("\n")}`;
}

if (import.meta.main) {
  const report = await buildWeb();
  if (!process.argv.includes("--quiet")) console.log(formatReport(report));
  if (report.firstLoadGzip > BUDGET_GZIP_BYTES) process.exitCode = 1;
}
