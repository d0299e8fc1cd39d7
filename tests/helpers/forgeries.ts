/**
 * What an attacker makes of a genuine identity assertion and the public JWKS: the same claims under
 * another Ed25519 key, `alg: none`, HS256 keyed with the public key (the algorithm-confusion attack),
 * a claim changed under the old signature, and an unknown `kid`. None may verify.
 */
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

export async function forgeAssertions(genuine: string, publicKey: { kid: string; x: string }) {
  const [header, payload, signature] = genuine.split(".") as [string, string, string];
  const { kid, x } = publicKey;
  const { privateKey } = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
  const otherSignature = await crypto.subtle.sign(
    "Ed25519",
    privateKey,
    new TextEncoder().encode(`${header}.${payload}`),
  );
  const hsHeader = b64({ alg: "HS256", typ: "JWT", kid });
  const hsSignature = new Bun.CryptoHasher("sha256", x).update(`${hsHeader}.${payload}`).digest("base64url");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  return {
    otherKey: `${header}.${payload}.${Buffer.from(otherSignature).toString("base64url")}`,
    none: `${b64({ alg: "none", typ: "JWT", kid })}.${payload}.`,
    hs256WithPublicKey: `${hsHeader}.${payload}.${hsSignature}`,
    madeAdmin: `${header}.${b64({ ...claims, role: "admin" })}.${signature}`,
    unknownKid: `${b64({ alg: "EdDSA", typ: "JWT", kid: "not-a-key-of-ours" })}.${payload}.${signature}`,
  };
}
