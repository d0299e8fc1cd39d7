-- The keyring holds an RSA key (RS256: the ID tokens of the OpenID provider; every client supports
-- it) beside the Ed25519 key (EdDSA: identity assertions, access tokens). Each algorithm has its own
-- current key, rotated together by `keys rotate` under the same publish-before-use rule. An RSA
-- key's public half is derived from its private key when loaded; public_x is the Ed25519 key's.
alter table signing_keys add column alg text not null default 'EdDSA';
alter table signing_keys add constraint signing_keys_alg_check check (alg in ('EdDSA', 'RS256'));
alter table signing_keys alter column public_x drop not null;
alter table signing_keys add constraint signing_keys_public_x_check check ((alg = 'EdDSA') = (public_x is not null));
create index signing_keys_alg_activates_idx on signing_keys (alg, activates_at desc);
