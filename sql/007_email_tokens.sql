-- E-mail: whether the address is confirmed, and the single-use tokens of the links mailed to it.
-- Existing accounts start unconfirmed, like new ones: nobody has proved the address yet.
alter table users add column email_verified boolean not null default false;

-- A link's token is at least 128 random bits; only its SHA-256 is kept, so the table alone opens
-- nothing (hex, as the other keys of this schema are text). A token is bound to the address it was mailed to: once the account's address changes,
-- links sent to the old one are void. `used_at` is set when a token is used or voided (a newer link,
-- a password change or reset), so one update answers "still good?" for every reason.
create table email_tokens (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  purpose text not null,
  token_hash text not null,
  email text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  constraint email_tokens_purpose_check check (purpose in ('verify_email', 'reset_password')),
  constraint email_tokens_hash_check check (token_hash ~ '^[0-9a-f]{64}$'),
  constraint email_tokens_hash_key unique (token_hash)
);

create index email_tokens_user_idx on email_tokens (user_id, purpose) where used_at is null;

alter table user_events drop constraint user_events_type_check;
alter table user_events add constraint user_events_type_check check (
  type in (
    'signup', 'login', 'login_failed', 'logout', 'password_changed', 'profile_updated',
    'session_revoked', 'sessions_revoked', 'password_reset_requested', 'password_reset', 'email_verified'
  )
);

-- A message's bodies carry its link's token until it is sent: they are kept sealed (AES-256-GCM
-- under DATA_ENCRYPTION_KEY, bound to the recipient) in sealed_body. text_body and html_body stay
-- for rows written before this migration.
alter table mail_outbox add column sealed_body text;
alter table mail_outbox alter column text_body drop not null;
alter table mail_outbox add constraint mail_outbox_body_check check (sealed_body is not null or text_body is not null);
