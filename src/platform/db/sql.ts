/**
 * One tagged-template interface for raw SQL over both backends (Bun.sql and PGlite):
 *
 *   const [user] = await sql<UserRow>`
 *     select * from users where public_id = ${id}
 *   `
 *
 * Values are always sent as bind parameters ($1, $2, ...), never spliced into the text.
 */

export type Row = Record<string, unknown>;

export interface Sql {
  <T extends Row = Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. The
   * whole transaction has the backend's deadline unless `deadlineMs` says otherwise (migrations).
   */
  begin<T>(fn: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs a script of several statements with no parameters (migrations only). */
  exec(script: string): Promise<void>;
}

export interface TransactionOptions {
  /** How long the whole transaction may take (ms); the backend's per-call deadline by default. */
  deadlineMs?: number;
}

export interface Database {
  readonly kind: "postgres" | "pglite";
  readonly sql: Sql;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** What a backend provides; `begin` is absent inside a transaction. */
export interface Driver {
  query(text: string, params: unknown[]): Promise<Row[]>;
  exec(script: string): Promise<void>;
  begin?<T>(fn: (tx: Driver) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/** Parameterised text per call site: a template's strings array is the same object every call. */
const textCache = new WeakMap<TemplateStringsArray, string>();

function toQueryText(strings: TemplateStringsArray): string {
  let text = textCache.get(strings);
  if (text === undefined) {
    text = strings.reduce((acc, part, i) => `${acc}$${i}${part}`);
    textCache.set(strings, text);
  }
  return text;
}

export function createSql(driver: Driver): Sql {
  const sql = (<T extends Row>(strings: TemplateStringsArray, ...values: unknown[]) =>
    driver.query(toQueryText(strings), values) as Promise<T[]>) as Sql;
  sql.exec = (script) => driver.exec(script);
  sql.begin = <T>(fn: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T> => {
    if (!driver.begin) return Promise.reject(new Error("nested transactions are not supported"));
    return driver.begin((tx) => fn(createSql(tx)), options);
  };
  return sql;
}
