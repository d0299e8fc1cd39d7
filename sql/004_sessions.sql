-- Sessions: one row per sign-in. `id` is the `sid` claim carried by every access token of the
-- session across implicit refreshes. A session is live while it has not ended and its newest
-- token has not expired (token_expires_at, moved at every refresh); ending one is also written to
-- the shared store, which every replica checks on every request.
create table sessions (
  id uuid primary key,
  user_id bigint not null references users (id) on delete cascade,
  kind text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  token_expires_at timestamptz not null,
  -- created_at + SESSION_MAX_AGE: no token of the session outlives it.
  expires_at timestamptz not null,
  ended_at timestamptz,
  ip text,
  user_agent text,
  constraint sessions_kind_check check (kind in ('browser', 'token')),
  constraint sessions_ip_check check (char_length(ip) <= 64),
  constraint sessions_user_agent_check check (char_length(user_agent) <= 512)
);

create index sessions_user_live_idx on sessions (user_id, created_at desc) where ended_at is null;

alter table user_events drop constraint user_events_type_check;
alter table user_events add constraint user_events_type_check check (
  type in (
    'signup', 'login', 'login_failed', 'logout', 'password_changed', 'profile_updated',
    'session_revoked', 'sessions_revoked'
  )
);
