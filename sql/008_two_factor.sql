-- Two-factor sign-in: an authenticator app (TOTP), recovery codes, passkeys (WebAuthn).

-- What every authenticated request shows as `user.mfa`, kept on the user's row by the statements
-- that change it, so reading it costs no join.
alter table users add column totp_enabled boolean not null default false;
alter table users add column passkey_count integer not null default 0;
-- The WebAuthn user handle: random, fixed, never the numeric or the stable id (an authenticator
-- keeps it, and gives it back at sign-in).
alter table users add column webauthn_handle uuid not null default gen_random_uuid();
alter table users add constraint users_webauthn_handle_key unique (webauthn_handle);

-- One TOTP secret per user, sealed (AES-256-GCM under DATA_ENCRYPTION_KEY) with the id of the key
-- that sealed it beside it, so a rotation can tell which rows still need the old key. Pending until
-- a first code confirms it. last_step: the newest 30-second step a code was accepted for; a code
-- of that step or an older one is refused (no replay), on every replica.
create table totp_secrets (
  user_id bigint primary key references users (id) on delete cascade,
  secret_sealed text not null,
  key_id text not null,
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  last_step bigint not null default 0
);

-- Recovery codes: 80 random bits each, only their SHA-256 kept; single use.
create table recovery_codes (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz,
  constraint recovery_codes_hash_check check (code_hash ~ '^[0-9a-f]{64}$'),
  constraint recovery_codes_hash_key unique (user_id, code_hash)
);

-- Passkeys: the credential's id and public key (both base64url), its signature counter, and what
-- the user named it.
create table passkeys (
  id uuid primary key default gen_random_uuid(),
  user_id bigint not null references users (id) on delete cascade,
  credential_id text not null,
  public_key text not null,
  counter bigint not null default 0,
  transports text,
  device_type text,
  backed_up boolean not null default false,
  name text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  constraint passkeys_credential_key unique (credential_id),
  constraint passkeys_name_check check (char_length(name) between 1 and 64)
);

create index passkeys_user_idx on passkeys (user_id, created_at);

alter table user_events drop constraint user_events_type_check;
alter table user_events add constraint user_events_type_check check (
  type in (
    'signup', 'login', 'login_failed', 'logout', 'password_changed', 'profile_updated',
    'session_revoked', 'sessions_revoked', 'password_reset_requested', 'password_reset', 'email_verified',
    'totp_enabled', 'totp_disabled', 'recovery_codes_regenerated', 'recovery_code_used',
    'passkey_added', 'passkey_removed', 'mfa_failed'
  )
);
