/**
 * How a message leaves: SMTP through nodemailer (SMTP_URL: smtp:// with STARTTLS when offered, or
 * smtps://), or, without SMTP_URL, an .eml file in DATA_DIR/outbox/ written by nodemailer's own
 * composer, so development needs no mail server.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Transporter } from "nodemailer";
import { once } from "../platform/once.ts";

/**
 * nodemailer, loaded when the first message is sent, not at start: a process that sends no mail
 * (most of the time, most replicas) does not hold it (~4 MB of resident memory).
 */
const library = once(() => import("nodemailer"));
/** One transporter per transport, made at its first message. */
function lazily(options: Parameters<typeof import("nodemailer").createTransport>[0]) {
  let made: Promise<Transporter> | undefined;
  return {
    get: (): Promise<Transporter> => {
      made ??= library().then(({ createTransport }) => createTransport(options));
      return made;
    },
    close: () => void made?.then((transporter) => transporter.close()),
  };
}

export interface OutgoingMail {
  /** Unique per message: the outbox row's id (the .eml file's name, the Message-ID's local part). */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** Content-Language, when the message says which (mail written before it did: none). */
  language?: string | null;
}

export interface MailTransport {
  readonly kind: "smtp" | "file";
  /** Resolves once the message is handed over; rejects with the reason otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** `from`: MAIL_FROM. `host`: PUBLIC_URL's host, the right-hand side of each Message-ID. */
function fields(mail: OutgoingMail, from: string, host: string) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html !== null && { html: mail.html }),
    ...(mail.language && { headers: { "Content-Language": mail.language } }),
    messageId: `<outbox-${mail.id}@${host}>`,
  };
}

export function smtpTransport(url: string, from: string, host: string): MailTransport {
  // A refused connection or a silent server fails the send within seconds, not minutes: the
  // worker tries again later anyway.
  const transporter = lazily({
    url,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
  });
  return {
    kind: "smtp",
    async send(mail) {
      await (await transporter.get()).sendMail(fields(mail, from, host));
    },
    close: transporter.close,
  };
}

export function fileTransport(dir: string, from: string, host: string): MailTransport {
  const composer = lazily({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    kind: "file",
    async send(mail) {
      const info = await (await composer.get()).sendMail(fields(mail, from, host));
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // Written aside, then renamed: a reader never sees half a message.
      const file = join(dir, `${mail.id}.eml`);
      await writeFile(`${file}.partial`, info.message as Buffer, { mode: 0o600 });
      await rename(`${file}.partial`, file);
    },
    close: composer.close,
  };
}

/** A link that acts (confirm, reset): the token rides in the fragment. */
const ACTION_LINK = /https?:\/\/\S+#token=[A-Za-z0-9_-]+/;

/**
 * In development only, with the file outbox: each message's action link is also printed, so a
 * developer follows it from the console with no mail server. Never used in production, where a
 * token must not reach any log.
 */
export function printingLinks(transport: MailTransport, print: (line: string) => void): MailTransport {
  return {
    kind: transport.kind,
    async send(mail) {
      await transport.send(mail);
      const link = ACTION_LINK.exec(mail.text)?.[0];
      print(`mail to ${mail.to}: "${mail.subject}"${link ? ` ${link}` : ""} (outbox file ${mail.id}.eml)`);
    },
    close: () => transport.close(),
  };
}
