-- The OpenID provider's lasting state (issue 27): its clients, the grants users gave them and the
-- refresh tokens issued under those grants. Short-lived artifacts (codes, interactions, the
-- provider's sessions, access tokens) live in the shared store.

-- A client as an admin registered it. The secret is kept as a SHA-256 hash (it is 32 random
-- bytes: a slow hash adds nothing); after a rotation the previous one works until its time is up.
create table oidc_clients (
  client_id text primary key,
  name text not null,
  type text not null check (type in ('confidential', 'public')),
  -- client_input as given (redirect URIs, grant types, scopes, resources, first_party, ...).
  settings jsonb not null,
  secret_hash text,
  previous_secret_hash text,
  previous_secret_expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint oidc_clients_secret_check check ((type = 'confidential') = (secret_hash is not null))
);

-- What a user allowed a client, as the provider keeps it (its Grant model), and the dashboard
-- session it was given under: when that session ends, so does the grant and all issued under it.
create table oidc_grants (
  id text primary key,
  client_id text not null references oidc_clients (client_id) on delete cascade,
  -- The user's stable id (the `sub`), and the user: a deleted account takes its grants with it.
  account_id text not null,
  user_id bigint references users (id) on delete cascade,
  sid uuid,
  payload jsonb not null,
  expires_at timestamptz not null
);
create index oidc_grants_client_idx on oidc_grants (client_id);
create index oidc_grants_user_idx on oidc_grants (user_id, client_id);
create index oidc_grants_sid_idx on oidc_grants (sid) where sid is not null;
create index oidc_grants_expires_idx on oidc_grants (expires_at);

create table oidc_refresh_tokens (
  id text primary key,
  grant_id text not null,
  payload jsonb not null,
  expires_at timestamptz not null
);
create index oidc_refresh_tokens_grant_idx on oidc_refresh_tokens (grant_id);
create index oidc_refresh_tokens_expires_idx on oidc_refresh_tokens (expires_at);

-- What a user allowed a client, remembered across sessions (the consent page is not shown again
-- for these scopes) and listed on the "Connected apps" page; removing it ends its grants.
create table oidc_consents (
  user_id bigint not null references users (id) on delete cascade,
  client_id text not null references oidc_clients (client_id) on delete cascade,
  scopes text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  primary key (user_id, client_id)
);

-- Audit actions become rows, like event types (013): each feature's migration adds its own.
create table audit_actions (name text primary key);
insert into audit_actions (name) values
  ('account_locked'), ('account_unlocked'), ('sessions_revoked'), ('role_changed'), ('account_deleted'),
  ('two_factor_reset'), ('reset_link_sent'), ('confirmation_sent'), ('email_confirmed'), ('session_revoked'),
  ('client_created'), ('client_updated'), ('client_secret_rotated'), ('client_deleted');
alter table audit_log drop constraint audit_log_action_check;
alter table audit_log add constraint audit_log_action_fkey foreign key (action) references audit_actions (name);

-- The audit log's detail was written as a JSON string on Postgres (Bun's driver encodes a text
-- parameter cast to jsonb as a string; PGlite parsed it): every entry becomes the object it says.
update audit_log set detail = (detail #>> '{}')::jsonb where jsonb_typeof(detail) = 'string';
