import type { Sql } from "../db/sql.ts";
import { isUniqueViolation } from "../db/unavailable.ts";

/** A user as the API shows it: never the password hash or the numeric id. */
export interface PublicUser {
  public_id: string;
  username: string;
  email: string;
  role: string;
  created_at: string;
}

export interface UserRecord extends PublicUser {
  id: string;
  password_hash: string;
}

interface UserRow {
  [column: string]: unknown;
  id: string | number | bigint;
  public_id: string;
  username: string;
  email: string;
  role: string;
  password_hash: string;
  created_at: Date | string;
}

export type CreateResult = { ok: true; user: UserRecord } | { ok: false; reason: "email_taken" };
export type UpdateResult = { ok: true; user: UserRecord } | { ok: false; reason: "email_taken" | "not_found" };

const EMAIL_KEY = "users_email_lower_key";

function toRecord(row: UserRow): UserRecord {
  return {
    id: String(row.id),
    public_id: row.public_id,
    username: row.username,
    email: row.email,
    role: row.role,
    password_hash: row.password_hash,
    created_at: new Date(row.created_at).toISOString(),
  };
}

export function toPublicUser(user: UserRecord): PublicUser {
  return {
    public_id: user.public_id,
    username: user.username,
    email: user.email,
    role: user.role,
    created_at: user.created_at,
  };
}

export interface UserRepository {
  create(user: { username: string; email: string; passwordHash: string }): Promise<CreateResult>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findByPublicId(publicId: string): Promise<UserRecord | null>;
  update(id: string, changes: { username?: string; email?: string }): Promise<UpdateResult>;
  /** A new public_id: every token naming the old one stops being accepted. */
  rotatePublicId(id: string): Promise<UserRecord | null>;
}

/** Users in raw SQL; the e-mail is stored lower-cased and unique on lower(email) in the schema. */
export function createUserRepository(sql: Sql): UserRepository {
  return {
    async create({ username, email, passwordHash }) {
      try {
        const [row] = await sql<UserRow>`
          insert into users (username, email, password_hash)
          values (${username}, ${email}, ${passwordHash})
          returning *
        `;
        return { ok: true, user: toRecord(row as UserRow) };
      } catch (error) {
        if (isUniqueViolation(error, EMAIL_KEY)) return { ok: false, reason: "email_taken" };
        throw error;
      }
    },

    async findByEmail(email) {
      const [row] = await sql<UserRow>`
        select * from users where lower(email) = lower(${email})
      `;
      return row ? toRecord(row) : null;
    },

    async findByPublicId(publicId) {
      const [row] = await sql<UserRow>`
        select * from users where public_id = ${publicId}
      `;
      return row ? toRecord(row) : null;
    },

    async update(id, { username, email }) {
      try {
        const [row] = await sql<UserRow>`
          update users
          set username = coalesce(${username ?? null}::text, username),
              email = coalesce(${email ?? null}::text, email),
              updated_at = now()
          where id = ${id}
          returning *
        `;
        return row ? { ok: true, user: toRecord(row) } : { ok: false, reason: "not_found" };
      } catch (error) {
        if (isUniqueViolation(error, EMAIL_KEY)) return { ok: false, reason: "email_taken" };
        throw error;
      }
    },

    async rotatePublicId(id) {
      const [row] = await sql<UserRow>`
        update users
        set public_id = gen_random_uuid(), updated_at = now()
        where id = ${id}
        returning *
      `;
      return row ? toRecord(row) : null;
    },
  };
}
