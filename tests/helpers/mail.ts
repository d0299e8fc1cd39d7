/**
 * Mail as a user receives it: the outbox worker sends over SMTP to a real server started by the
 * test (smtp-server over TCP), and the messages are read back from what that server received:
 * MIME parts decoded, links found in them.
 */
import { silentLogger } from "../../src/http/log.ts";
import { createMailWorker, type MailWorker } from "../../src/mail/outbox.ts";
import { type MailTransport, smtpTransport } from "../../src/mail/transport.ts";
import { TEST_SEALER } from "./app.ts";
import type { Backend } from "./backends.ts";
import { type ReceivedMail, startSmtp, type TestSmtp } from "./smtp.ts";
import { eventually } from "./wait.ts";

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function decodePart(part: string): { type: string; body: string } {
  const [head = "", ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  const type = /^content-type:\s*([^;\r\n]+)/im.exec(head)?.[1]?.trim().toLowerCase() ?? "text/plain";
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase() ?? "7bit";
  if (encoding === "base64") return { type, body: Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") };
  if (encoding === "quoted-printable") return { type, body: decodeQuotedPrintable(body) };
  return { type, body };
}

/** The plain-text and HTML bodies of a received message. */
export function mailParts(raw: string): { text: string; html: string | null } {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw.split(/\r?\n\r?\n/)[0] ?? "")?.[1];
  const parts = boundary
    ? raw
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((part) => decodePart(part.replace(/^\r?\n/, "")))
    : [decodePart(raw)];
  return {
    text: parts.find((part) => part.type === "text/plain")?.body ?? "",
    html: parts.find((part) => part.type === "text/html")?.body ?? null,
  };
}

/** The token of the link to `page` (reset-password, verify-email) in a message's text. */
export function linkToken(mail: ReceivedMail | undefined, page: "reset-password" | "verify-email"): string {
  if (!mail) throw new Error("no message");
  const match = new RegExp(`/${page}#token=([A-Za-z0-9_-]+)`).exec(mailParts(mail.raw).text);
  if (!match?.[1]) throw new Error(`no ${page} link in "${mail.subject}"`);
  return match[1];
}

export interface TestMailbox {
  smtp: TestSmtp;
  worker: MailWorker;
  /** Sends what the outbox holds, then the messages `to` has received once there are `count`. */
  deliver(to: string, count?: number): Promise<ReceivedMail[]>;
  /** What `to` has received so far, after one run of the worker. */
  receivedBy(to: string): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/** A real SMTP server and an outbox worker on the backend's database, sending to it. */
export async function startMailbox(backend: Backend, now: () => number = Date.now): Promise<TestMailbox> {
  const smtp = await startSmtp();
  const transport: MailTransport = smtpTransport(smtp.url, "Datta Dashboard <no-reply@localhost>", "localhost");
  const worker = createMailWorker({ sql: backend.db.sql, sealer: TEST_SEALER, transport, logger: silentLogger, now });
  return {
    smtp,
    worker,
    async deliver(to, count = 1) {
      const mine = () => smtp.received.filter((mail) => mail.to.includes(to));
      await eventually(async () => {
        await worker.runOnce();
        return mine().length >= count;
      }, 10_000);
      return mine();
    },
    async receivedBy(to) {
      await worker.runOnce();
      return smtp.received.filter((mail) => mail.to.includes(to));
    },
    async stop() {
      await worker.stop();
      transport.close();
      await smtp.stop();
    },
  };
}
