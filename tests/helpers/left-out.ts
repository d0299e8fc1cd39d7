/**
 * A suite that needs what this machine lacks (Chromium, Docker, nginx, real Postgres and Redis,
 * kubectl) defines no test here: it says so in one line instead of passing silently. CI has all of
 * them and fails when any of these suites did not run (tests/repo/ci.test.ts).
 */
export function leftOut(suite: string, why: string): void {
  console.log(`left out: ${suite}: ${why}`);
}

export const NEEDS = {
  chromium: "needs Debian's /usr/bin/chromium (apt-get install chromium)",
  apache:
    "needs Chromium and Debian's apache2 with mod_auth_openidc (apt-get install apache2 libapache2-mod-auth-openidc)",
  backends: "needs DATABASE_URL and REDIS_URL (a real Postgres and Redis)",
  database: "needs DATABASE_URL (a real Postgres)",
  redis: "needs REDIS_URL (a real Redis)",
  cluster: "needs nginx, DATABASE_URL and REDIS_URL",
  docker: "needs a Docker engine (.ci/containers/run starts one and runs them)",
  kubectl: "needs kubectl (kubectl kustomize renders the manifests)",
} as const;
