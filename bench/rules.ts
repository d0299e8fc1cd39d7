/**
 * The rule set `bun run bench` loads for /api/auth/verify with ACCESS_RULES: 200 rules as a team with
 * many services might write them (literal hosts with admin paths by group, subdomain globs with
 * regex paths, a public path last), none of which lets the bench's request off early: its host is
 * the last rule's, its path not that rule's, so the default policy decides after the whole walk.
 */
export function benchRules(count = 200): string {
  const rules: unknown[] = [];
  for (let i = 0; i < count - 51; i++)
    rules.push({ hosts: [`app-${i}.example.com`], paths: ["/admin/**"], groups: ["admins"], policy: "two_factor" });
  for (let i = 0; i < 50; i++)
    rules.push({ hosts: [`*.svc-${i}.example.com`], paths: ["^/api/v[0-9]+/"], methods: ["POST"], policy: "deny" });
  rules.push({ hosts: ["127.0.0.1", "localhost"], paths: ["/public/**"], policy: "bypass" });
  return JSON.stringify({ default_policy: "signed_in", rules }, null, 1);
}
