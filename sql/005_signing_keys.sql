-- The Ed25519 keys that sign identity assertions (X-Auth-Assertion). Every replica signs with the
-- key whose activates_at is the latest one already passed; a rotated-in key is published in the
-- JWKS before it activates, and the one it replaces stays published until no assertion signed by
-- it can be alive. The private key is sealed under DATA_ENCRYPTION_KEY (never stored in clear).
create table signing_keys (
  kid text primary key,
  -- The public key's x (RFC 8037), base64url.
  public_x text not null,
  -- PKCS #8, sealed (AES-256-GCM, the kid as associated data).
  private_key text not null,
  created_at timestamptz not null default now(),
  activates_at timestamptz not null,
  constraint signing_keys_kid_check check (char_length(kid) between 8 and 64)
);

create index signing_keys_activates_idx on signing_keys (activates_at desc);
