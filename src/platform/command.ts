/**
 * A command besides serving (`clients …`, `groups …`), as a function of its arguments over the
 * server's database: what it comes to, printed by commands.ts (JSON on stdout, a sentence on stderr).
 */
export interface CommandResult {
  code: number;
  out?: unknown;
  error?: string;
}

/** Who makes a change from the command line, as request metadata: nobody's address, no browser. */
export const NOBODY = { ip: null, userAgent: null };
