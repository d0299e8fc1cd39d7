/**
 * deploy/kubernetes, rendered as `kubectl apply -k` would (`kubectl kustomize`; CI installs kubectl)
 * and checked against the code and the image: the probes name the app's health routes, the pods
 * run as the image's user on a read-only root filesystem, drain before SIGTERM, the Ingress of a
 * service behind forward auth asks the dashboard's verify endpoint, and the sample service trusts
 * the dashboard's issuer and audience. Not applied to a cluster: none is reachable here.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const root = join(import.meta.dir, "..", "..");
const kubectl = Bun.which("kubectl");

type Doc = {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: any;
  data?: any;
};

if (kubectl !== null || process.env.CI) {
  describe("deploy/kubernetes, rendered by kubectl kustomize", () => {
    const rendered = Bun.spawnSync([kubectl ?? "kubectl", "kustomize", join(root, "deploy", "kubernetes")], {
      stdout: "pipe",
      stderr: "pipe",
    });
    const docs = (rendered.exitCode === 0 ? Bun.YAML.parse(rendered.stdout.toString()) : []) as Doc[];
    const find = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name) as Doc;

    test("renders: a Deployment, Service, Ingress, HorizontalPodAutoscaler and PodDisruptionBudget, in one namespace", () => {
      expect(rendered.stderr.toString()).toBe("");
      expect(rendered.exitCode).toBe(0);
      const kinds = new Set(docs.map((d) => d.kind));
      for (const kind of [
        "Deployment",
        "Service",
        "Ingress",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "ConfigMap",
      ]) {
        expect(kinds.has(kind)).toBe(true);
      }
      const namespaces = new Set(docs.filter((d) => d.kind !== "Namespace").map((d) => d.metadata.namespace));
      expect([...namespaces]).toEqual(["datta"]);
    });

    test("the dashboard's pods: ready on /api/ready, live on /api/health, drained before SIGTERM, never root", async () => {
      const deployment = find("Deployment", "datta-dashboard");
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      expect(container.readinessProbe.httpGet.path).toBe("/api/ready");
      expect(container.livenessProbe.httpGet.path).toBe("/api/health");
      expect(container.lifecycle.preStop.exec.command).toEqual(["sleep", "5"]);
      // Longer than preStop plus the app's 10 s drain.
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(15);
      expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
      // The image's own user (Dockerfile), on a read-only root filesystem.
      const dockerfile = await Bun.file(join(root, "Dockerfile")).text();
      const uid = Number(/useradd --system --uid (\d+)/.exec(dockerfile)?.[1]);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBe(uid);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
      expect(container.securityContext.capabilities.drop).toEqual(["ALL"]);
      // Postgres and Redis are external: their URLs come from the Secret, not from the manifests.
      expect(container.envFrom.map((e: any) => e.secretRef?.name ?? e.configMapRef?.name)).toEqual([
        "datta-dashboard",
        "datta-dashboard",
      ]);
      const config = find("ConfigMap", "datta-dashboard").data;
      expect(config.DATABASE_URL).toBeUndefined();
      expect(config.REDIS_URL).toBeUndefined();
      expect(config.METRICS_PORT).toBe(String(container.ports.find((p: any) => p.name === "metrics").containerPort));
    });

    test("scaled by CPU from three replicas, and never more than one taken away at once", () => {
      const hpa = find("HorizontalPodAutoscaler", "datta-dashboard");
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "datta-dashboard" });
      expect(hpa.spec.minReplicas).toBe(3);
      const pdb = find("PodDisruptionBudget", "datta-dashboard");
      const labels = find("Deployment", "datta-dashboard").spec.template.metadata.labels;
      expect(pdb.spec.selector.matchLabels).toEqual(labels);
      expect(pdb.spec.maxUnavailable).toBe(1);
    });

    test("a service behind forward auth: ingress-nginx asks the dashboard's verify endpoint, by its full name", () => {
      const ingress = find("Ingress", "whoami");
      const annotations = ingress.metadata.annotations ?? {};
      const service = find("Service", "datta-dashboard");
      expect(annotations["nginx.ingress.kubernetes.io/auth-url"]).toBe(
        `http://${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local/api/auth/verify`,
      );
      expect(annotations["nginx.ingress.kubernetes.io/auth-signin"]).toContain("/signin?next=");
      for (const header of ["X-Auth-User-Id", "X-Auth-User-Email", "X-Auth-Assertion"]) {
        expect(annotations["nginx.ingress.kubernetes.io/auth-response-headers"]).toContain(header);
      }
      const config = find("ConfigMap", "datta-dashboard").data;
      const env = Object.fromEntries(
        find("Deployment", "whoami").spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]),
      );
      expect(env.ISSUER).toBe(config.PUBLIC_URL);
      expect(env.AUDIENCE).toBe(config.FORWARD_AUTH_AUDIENCE);
      expect(new URL(config.PUBLIC_URL).host).toBe(find("Ingress", "datta-dashboard").spec.rules[0].host);
    });

    test("the service behind forward auth never gets the user's credentials: Authorization and Cookie are replaced by the verify answer's (none)", () => {
      const headers = find("Ingress", "whoami").metadata.annotations?.[
        "nginx.ingress.kubernetes.io/auth-response-headers"
      ];
      expect(headers?.split(",")).toEqual(expect.arrayContaining(["Authorization", "Cookie"]));
    });

    test("the public Ingress never answers forward auth's question: /api/auth/verify and below go to a path the app answers 404", () => {
      const hidden = find("Ingress", "datta-dashboard-verify-internal");
      const main = find("Ingress", "datta-dashboard");
      expect(hidden.spec.rules[0].host).toBe(main.spec.rules[0].host);
      expect(hidden.spec.rules[0].http.paths).toEqual([
        {
          path: "/api/auth/verify",
          pathType: "Prefix",
          backend: { service: { name: "datta-dashboard", port: { name: "http" } } },
        },
      ]);
      const target = hidden.metadata.annotations?.["nginx.ingress.kubernetes.io/rewrite-target"] ?? "";
      expect(target).toStartWith("/api/");
      expect(target).not.toContain("verify");
      // ingress-nginx asks the Service directly, never through the public Ingress.
      expect(find("Ingress", "whoami").metadata.annotations?.["nginx.ingress.kubernetes.io/auth-url"]).toContain(
        ".svc.cluster.local/",
      );
    });

    test("network policies: the sample service reaches only the dashboard and DNS; data stores take the dashboard's pods alone", () => {
      const whoami = find("NetworkPolicy", "whoami");
      expect(whoami.spec.policyTypes).toEqual(["Ingress", "Egress"]);
      const to = whoami.spec.egress.flatMap((rule: any) => rule.to);
      expect(to).toHaveLength(2);
      expect(to[0].podSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "datta-dashboard" });
      expect(to[1].podSelector.matchLabels).toEqual({ "k8s-app": "kube-dns" });
      const stores = find("NetworkPolicy", "datta-datastores");
      expect(stores.spec.podSelector.matchLabels).toEqual({ "app.kubernetes.io/component": "datastore" });
      expect(stores.spec.ingress).toEqual([
        { from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "datta-dashboard" } } }] },
      ]);
      const dashboard = find("NetworkPolicy", "datta-dashboard");
      const labels = find("Deployment", "datta-dashboard").spec.template.metadata.labels;
      expect(dashboard.spec.podSelector.matchLabels).toEqual(labels);
    });
  });
} else leftOut("repo/kubernetes", NEEDS.kubectl);
