-- The per-user security log shown on the dashboard. Rows go with their user (on delete cascade).
-- An event is written in the same transaction as the change it records.
create table user_events (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  type text not null,
  at timestamptz not null default now(),
  ip text,
  user_agent text,
  constraint user_events_type_check check (
    type in ('signup', 'login', 'login_failed', 'logout', 'password_changed', 'profile_updated')
  ),
  constraint user_events_ip_check check (char_length(ip) <= 64),
  constraint user_events_user_agent_check check (char_length(user_agent) <= 512)
);

create index user_events_user_at_idx on user_events (user_id, at desc, id desc);
