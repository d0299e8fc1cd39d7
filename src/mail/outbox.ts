/**
 * The transactional outbox. A message is a row, written with the caller's `sql` (inside the
 * transaction of the change that causes it, so both commit or neither); a worker in every replica
 * sends the rows:
 *
 *   claim   due rows, `for update skip locked`, each with a lease: no two workers take one row, and
 *           a worker that dies mid-batch gives its rows back when the lease runs out
 *   send    through the transport (SMTP, or .eml files)
 *   settle  sent; or tried again later with backoff; or, after MAX_ATTEMPTS, kept as failed with why
 *   prune   sent rows older than KEEP_SENT_DAYS go
 *
 * Times come from the worker's clock (injectable), never the database's, so tests move the clock.
 */
import type { Logger } from "../http/log.ts";
import type { Sql } from "../platform/db/sql.ts";
import type { Sealer } from "../platform/sealed.ts";
import type { MailTransport } from "./transport.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** The language it is written in (its Content-Language); sealed with the body. */
  language?: string;
}

export const MAX_ATTEMPTS = 8;
/** 30 s, then doubling, at most an hour: eight tries span about two hours. */
export const backoffSeconds = (attempts: number): number => Math.min(30 * 2 ** (attempts - 1), 3600);
const LEASE_SECONDS = 120;
const BATCH = 20;
const MAX_BATCHES = 25;
const KEEP_SENT_DAYS = 7;

/** What a sealed body is bound to: its recipient (copied to another row, it does not open). */
const bodyContext = (to: string): string => `mail_outbox:${to}`;

/**
 * A message's bodies as the outbox keeps them: sealed, since a link's token rides in them until
 * the message is sent (the database holds no usable token in clear).
 */
export function sealMailBody(sealer: Sealer, message: MailMessage): string {
  const body = { text: message.text, html: message.html ?? null, language: message.language ?? null };
  return sealer.seal(JSON.stringify(body), bodyContext(message.to));
}

function openMailBody(
  sealer: Sealer,
  to: string,
  sealed: string,
): { text: string; html: string | null; language?: string | null } {
  return JSON.parse(sealer.open(sealed, bodyContext(to)).toString("utf8"));
}

/** Writes `message` to the outbox through `sql`: pass the transaction of the change that causes it. */
export async function enqueueMail(sql: Sql, sealer: Sealer, message: MailMessage): Promise<void> {
  await sql`
    insert into mail_outbox (to_address, subject, sealed_body)
    values (${message.to}, ${message.subject}, ${sealMailBody(sealer, message)})
  `;
}

export interface MailWorkerOptions {
  sql: Sql;
  /** Opens the sealed bodies (DATA_ENCRYPTION_KEY's keys). */
  sealer: Sealer;
  transport: MailTransport;
  logger: Logger;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** How often to look for due rows (ms). */
  intervalMs?: number;
  /** Told of each send the mail server refused or that failed on the way (for /metrics). */
  onSendFailure?: () => void;
}

export interface RunResult {
  sent: number;
  retried: number;
  failed: number;
}

export interface MailWorker {
  /** Claims due rows and sends them, batch after batch while they come full; one run at a time. */
  runOnce(): Promise<RunResult>;
  /** Messages waiting to be sent (not sent, not given up). */
  backlog(): Promise<number>;
  /** Deletes sent rows older than KEEP_SENT_DAYS; answers how many. */
  prune(): Promise<number>;
  /** Runs every intervalMs until stop(). */
  start(): void;
  /** Stops looking and waits for a run in progress to settle its rows. */
  stop(): Promise<void>;
}

interface ClaimedRow {
  [column: string]: unknown;
  id: string | number | bigint;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  sealed_body: string | null;
  attempts: number;
}

const at = (ms: number): Date => new Date(ms);
/** What is kept of a failure: its message, cut short (it names no secret: the SMTP server's answer). */
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 500);

export function createMailWorker({
  sql,
  sealer,
  transport,
  logger,
  now = Date.now,
  intervalMs = 2000,
  onSendFailure,
}: MailWorkerOptions) {
  let running: Promise<RunResult> | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;

  /** Batch after batch while they come full (a burst goes out at once), up to MAX_BATCHES a run. */
  async function run(): Promise<RunResult> {
    const total: RunResult = { sent: 0, retried: 0, failed: 0 };
    for (let i = 0; i < MAX_BATCHES; i++) {
      const { claimed, ...result } = await runBatch();
      total.sent += result.sent;
      total.retried += result.retried;
      total.failed += result.failed;
      if (claimed < BATCH) break;
    }
    return total;
  }

  async function runBatch(): Promise<RunResult & { claimed: number }> {
    const t = now();
    const claimed = await sql<ClaimedRow>`
      update mail_outbox
      set claimed_until = ${at(t + LEASE_SECONDS * 1000)}, attempts = attempts + 1
      where id in (
        select id from mail_outbox
        where sent_at is null and failed_at is null and next_attempt_at <= ${at(t)}
          and (claimed_until is null or claimed_until < ${at(t)})
        order by next_attempt_at, id
        limit ${BATCH}
        for update skip locked
      )
      returning id, to_address, subject, text_body, html_body, sealed_body, attempts
    `;
    const result = { sent: 0, retried: 0, failed: 0, claimed: claimed.length };
    for (const row of claimed) {
      const id = String(row.id);
      const attempts = Number(row.attempts);
      try {
        // A body that no key opens (DATA_ENCRYPTION_KEY lost its key) fails like a refused send.
        const body =
          row.sealed_body !== null
            ? openMailBody(sealer, row.to_address, row.sealed_body)
            : { text: row.text_body ?? "", html: row.html_body };
        await transport.send({ id, to: row.to_address, subject: row.subject, ...body });
        await sql`
          update mail_outbox set sent_at = ${at(now())}, claimed_until = null, last_error = null where id = ${id}
        `;
        result.sent++;
      } catch (error) {
        onSendFailure?.();
        if (attempts >= MAX_ATTEMPTS) {
          await sql`
            update mail_outbox set failed_at = ${at(now())}, claimed_until = null, last_error = ${reason(error)}
            where id = ${id}
          `;
          logger.error("mail given up", { outbox_id: id, attempts, transport: transport.kind });
          result.failed++;
        } else {
          await sql`
            update mail_outbox
            set next_attempt_at = ${at(now() + backoffSeconds(attempts) * 1000)}, claimed_until = null,
                last_error = ${reason(error)}
            where id = ${id}
          `;
          logger.warn("mail not sent; will try again", { outbox_id: id, attempts, transport: transport.kind });
          result.retried++;
        }
      }
    }
    return result;
  }

  const runOnce = (): Promise<RunResult> => {
    running ??= run().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    runOnce,
    async backlog() {
      const [row] = await sql<{ n: number | string }>`
        select count(*) as n from mail_outbox where sent_at is null and failed_at is null
      `;
      return Number(row?.n ?? 0);
    },
    async prune() {
      const rows = await sql`
        delete from mail_outbox where sent_at < ${at(now() - KEEP_SENT_DAYS * 86_400_000)} returning id
      `;
      return rows.length;
    },
    start() {
      if (timer) return;
      timer = setInterval(() => {
        runOnce().catch((error: unknown) =>
          // The database is down: the rows wait; the next tick tries again.
          logger.warn("mail outbox not reachable", { detail: error instanceof Error ? error.name : "error" }),
        );
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => {});
    },
  } satisfies MailWorker;
}
