import { HttpError } from "./errors.ts";
import { MESSAGES } from "./messages.ts";

/** The contract's body limit; nginx's client_max_body_size matches it. */
export const MAX_BODY_BYTES = 64 * 1024;

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * The JSON body of a request: 413 past 64 KiB (declared or streamed), 415 for a body that is not
 * application/json, 400 for malformed JSON. An empty body is `{}` so that a missing body reports
 * its missing fields (422) rather than a parse error.
 */
export async function readJsonBody(request: Request, contentType: string): Promise<unknown> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw tooLarge();

  const bytes = await readLimited(request, MAX_BODY_BYTES);
  if (bytes.length === 0) return {};
  if (!JSON_TYPE.test(contentType.trim())) {
    throw new HttpError(415, MESSAGES.notJsonType);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, MESSAGES.notJson);
  }
  // Checked before parsing: thousands of nested arrays overflow the stack of whatever walks
  // them later (the schema check, an error message), which would be a 500 instead of a 400.
  if (nestingDepth(text) > MAX_DEPTH) throw new HttpError(400, MESSAGES.nestedTooDeeply(MAX_DEPTH));
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, MESSAGES.notJson);
  }
}

/** No request of this API nests deeper than 2; 32 leaves room and stops any stack exhaustion. */
const MAX_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/** The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPENERS.has(c)) deepest = Math.max(deepest, ++depth);
    else if (CLOSERS.has(c)) depth--;
  }
  return deepest;
}

export function tooLarge(): HttpError {
  return new HttpError(413, MESSAGES.bodyTooLarge(MAX_BODY_BYTES / 1024));
}

/** Reads at most `limit` bytes, failing as soon as the stream passes it (chunked bodies too). */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
