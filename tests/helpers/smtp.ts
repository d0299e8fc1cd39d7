/**
 * A real SMTP server for tests (the smtp-server package, over TCP on loopback): it keeps every
 * message it receives, raw, with its envelope. No TLS, no authentication required.
 */
import { SMTPServer } from "smtp-server";
import { eventually } from "./wait.ts";

export interface ReceivedMail {
  to: string[];
  raw: string;
  subject: string;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** The messages received for `to`, once there are at least `count` (waits up to 10 s). */
  waitFor(to: string, count?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=), as a mail client shows them. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?") // whitespace between two encoded words is not part of the text
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            "latin1",
          ).toString("utf8"),
    );
}

/** A header's value: unfolded, encoded words decoded. */
const headerOf = (raw: string, name: string): string => {
  const head = (raw.split(/\r?\n\r?\n/)[0] ?? "").replace(/\r?\n[ \t]+/g, " ");
  return decodeWords(new RegExp(`^${name}: (.*)$`, "mi").exec(head)?.[1]?.trim() ?? "");
};

export async function startSmtp(port = 0): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, subject: headerOf(raw, "Subject") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  const forRecipient = (to: string) => received.filter((mail) => mail.to.includes(to));
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    received,
    async waitFor(to, count = 1) {
      await eventually(async () => forRecipient(to).length >= count, 10_000);
      return forRecipient(to);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
