-- Sign in with another provider (issue 28): an account's identities at upstream providers, each an
-- (issuer, subject) pair linked to exactly one account, and at most one per provider per account.

create table user_identities (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  -- The provider's id in SIGN_IN_PROVIDERS (its URLs); the issuer is what the link is to.
  provider_id text not null,
  issuer text not null,
  subject text not null,
  -- The address the provider gave at the link, for the user to recognise it (never used to link).
  email text,
  -- Whether the link was proven by the account's owner (a sign-in to it, or an address the operator
  -- trusts the provider for). An account made by an untrusted provider's identity is not: a password
  -- reset by mail, which proves the address, removes such links with the sessions it ends.
  proven boolean not null,
  linked_at timestamptz not null default now(),
  last_used_at timestamptz,
  constraint user_identities_subject_key unique (issuer, subject),
  constraint user_identities_provider_key unique (user_id, provider_id),
  constraint user_identities_provider_check check (provider_id ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
  constraint user_identities_subject_check check (char_length(subject) between 1 and 255),
  constraint user_identities_issuer_check check (char_length(issuer) between 1 and 255),
  constraint user_identities_email_check check (char_length(email) <= 254)
);

-- An account made through a provider has no password until its owner sets one by the reset mail.
alter table users add column password_set boolean not null default true;

insert into event_types (name, feature) values ('provider_linked', 'upstream'), ('provider_unlinked', 'upstream');
