/** The content codings the build writes beside each file, best first. */
export type Encoding = "br" | "gzip";

const SUFFIX: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

/** The name of a file's precompressed form (as web/build.ts writes it). */
export const encodedName = (name: string, encoding: Encoding): string => name + SUFFIX[encoding];

/** Whether a name is a precompressed form rather than a file of the site. */
export const isEncodedName = (name: string): boolean => name.endsWith(SUFFIX.br) || name.endsWith(SUFFIX.gzip);

/**
 * The coding to send for an Accept-Encoding header (RFC 9110, 12.5.3): brotli, else gzip, each
 * only when its quality is above zero (named, or through `*`); otherwise none (identity).
 */
export function chooseEncoding(header: string | null): Encoding | null {
  if (!header) return null;
  const quality: Record<string, number> = {};
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.split(";");
    const q = params.map((p) => /^\s*q\s*=(.*)$/i.exec(p)?.[1]).find((v) => v !== undefined);
    // A quality that is not a number counts as zero: a malformed preference never forces a coding.
    const value = q === undefined ? 1 : Number(q.trim() || "x");
    quality[name.trim().toLowerCase()] = Number.isFinite(value) ? value : 0;
  }
  const of = (coding: string) => quality[coding] ?? quality["*"] ?? 0;
  if (of("br") > 0 && of("br") >= of("gzip")) return "br";
  if (of("gzip") > 0) return "gzip";
  return null;
}
