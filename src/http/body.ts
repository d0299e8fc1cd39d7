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
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new HttpError(400, MESSAGES.notJson);
  }
}

function tooLarge(): HttpError {
  return new HttpError(413, MESSAGES.bodyTooLarge(MAX_BODY_BYTES / 1024));
}

/** Reads at most `limit` bytes, failing as soon as the stream passes it (chunked bodies too). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
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
