-- The mail outbox: a message is written in the same transaction as the change that causes it, and
-- sent later by a worker in each replica. A worker claims rows (for update skip locked) with a lease
-- (claimed_until), so a replica that dies mid-send gives them back when the lease runs out; a failed
-- send is tried again with backoff (next_attempt_at) up to a bound, then kept as failed with why.
create table mail_outbox (
  id bigint generated always as identity primary key,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  created_at timestamptz not null default now(),
  attempts integer not null default 0,
  -- A new message is due at once whatever the clocks say ('-infinity': the workers' clock, which
  -- sets every later time, need not agree with the database's to the microsecond).
  next_attempt_at timestamptz not null default '-infinity',
  claimed_until timestamptz,
  sent_at timestamptz,
  failed_at timestamptz,
  last_error text,
  constraint mail_outbox_to_check check (char_length(to_address) between 3 and 254),
  constraint mail_outbox_error_check check (char_length(last_error) <= 500)
);

-- What a worker looks for: unsent, not given up, due.
create index mail_outbox_due_idx on mail_outbox (next_attempt_at)
  where sent_at is null and failed_at is null;
