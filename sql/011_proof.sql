-- What an attack run against part 2 found, in the schema.

-- Where an admin's role came from: 'admin_emails' (granted when a listed address was confirmed; it
-- goes when the address changes) or 'explicit' (an admin or `admin grant`; it stays). Admins from
-- before this are sorted at the next start against ADMIN_EMAILS (admin/admin-emails.ts).
alter table users add column admin_source text;
alter table users add constraint users_admin_source_check check (
  admin_source in ('admin_emails', 'explicit') and role = 'admin' or admin_source is null
);

-- The session that added each passkey, and whether the address was confirmed then: a password reset
-- removes what the sessions it ends added, and what was added before anybody proved the address.
alter table passkeys add column added_by_session uuid;
alter table passkeys add column added_unconfirmed boolean not null default false;
