-- Back-channel logout (issue 27): when a dashboard session ends, for any reason, every client with
-- a backchannel_logout_uri that the session signed in to is told, through this outbox: durable like
-- the mail outbox (written in the transaction that ends the session, retried with backoff, leased
-- so that of several replicas exactly one delivers each row, kept across restarts).

-- The session id the provider put in the client's ID token (`sid`): what its logout token names.
alter table oidc_grants add column logout_sid text;

create table oidc_logout_outbox (
  id bigint generated always as identity primary key,
  client_id text not null references oidc_clients (client_id) on delete cascade,
  account_id text not null,
  logout_sid text,
  session_id uuid not null,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  leased_until timestamptz,
  sent_at timestamptz,
  given_up_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  constraint oidc_logout_outbox_once unique (client_id, session_id)
);
create index oidc_logout_outbox_due_idx on oidc_logout_outbox (next_attempt_at)
  where sent_at is null and given_up_at is null;

-- Every way a session ends (logout, the sessions page, an admin, a new password, RP-initiated
-- logout) sets ended_at: the rows to send are written by the same statement's transaction.
create function oidc_queue_backchannel_logout() returns trigger language plpgsql as $$
begin
  insert into oidc_logout_outbox (client_id, account_id, logout_sid, session_id)
  select g.client_id, g.account_id, g.logout_sid, new.id
  from oidc_grants g
  join oidc_clients c on c.client_id = g.client_id
  where g.sid = new.id and c.settings ->> 'backchannel_logout_uri' is not null
  on conflict (client_id, session_id) do nothing;
  return new;
end
$$;

create trigger sessions_backchannel_logout
  after update of ended_at on sessions
  for each row when (old.ended_at is null and new.ended_at is not null)
  execute function oidc_queue_backchannel_logout();
