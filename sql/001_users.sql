-- Users. The numeric id never leaves the database; the API names users by public_id, which is
-- also the JWT subject and is rotated on logout and password change (revoking every token).
create table users (
  id bigint generated always as identity primary key,
  public_id uuid not null default gen_random_uuid(),
  username text not null,
  email text not null,
  password_hash text not null,
  role text not null default 'user',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_public_id_key unique (public_id),
  constraint users_role_check check (role in ('user', 'admin')),
  constraint users_username_check check (char_length(username) between 3 and 50),
  constraint users_email_check check (char_length(email) <= 254 and position('@' in email) > 1)
);

-- One account per address, whatever its case: enforced by the schema, not only by the code.
create unique index users_email_lower_key on users (lower(email));
