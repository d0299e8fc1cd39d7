import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { CheckResult, RulesView } from "../../../../src/access/model.ts";
import { ScrollTable } from "../../components/ScrollTable.tsx";
import { Alert, Button, Card, Field, Form } from "../../components/ui.tsx";
import { useForm } from "../../form.ts";
import { failed, useAccessActions } from "./actions.ts";

type Answer = CheckResult["answer"];
type Rule = RulesView["rules"][number];

/** What each answer comes to at the proxy, in a few words. */
const ANSWERS: Record<Answer, string> = {
  bypass: "Open to anyone (no sign-in)",
  allow: "Let through",
  step_up: "Let through after a second factor",
  sign_in: "Sent to sign in first",
  deny: "Refused (403)",
};

const POLICIES: Record<RulesView["default_policy"], string> = {
  bypass: "anyone",
  signed_in: "signed in",
  two_factor: "two factors",
  deny: "nobody",
};

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

const listed = (values: string[] | undefined, none: string) => (values?.length ? values.join(", ") : none);

function RulesTable(props: { view: RulesView; decided: number | null }) {
  const { view } = props;
  return (
    <ScrollTable label="Access rules">
      <caption class="sr-only">The access rules, in order: the first that matches decides</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Hosts</th>
          <th scope="col">Paths</th>
          <th scope="col">Methods and networks</th>
          <th scope="col">Who</th>
          <th scope="col">Policy</th>
        </tr>
      </thead>
      <tbody>
        {view.rules.map((rule: Rule) => (
          <tr
            key={rule.number}
            class={rule.number === props.decided ? "rule-decides" : undefined}
            aria-current={rule.number === props.decided ? "true" : undefined}
          >
            <th scope="row">{rule.number}</th>
            <td class="mono">{rule.hosts.join(", ")}</td>
            <td class="mono">{listed(rule.paths, "any")}</td>
            <td>
              {listed(rule.methods, "any method")}; {listed(rule.networks, "any network")}
            </td>
            <td>{[...(rule.groups ?? []).map((g) => `group ${g}`), ...(rule.users ?? [])].join(", ") || "anyone"}</td>
            <td>
              {rule.policy} <span class="muted">({POLICIES[rule.policy]})</span>
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

/** "Who can reach this?": a host, a path, a method and a user (or nobody), answered with the rule that decides. */
function CheckForm(props: { onAnswer(result: CheckResult | null): void }) {
  const access = useAccessActions();
  const method = useSignal("GET");
  const result = useSignal<CheckResult | null>(null);
  const form = useForm({
    initial: { host: "", path: "/", user: "" },
    fieldByStatus: { 404: "user" },
    check: ({ host }): Record<string, string> =>
      host.trim() ? {} : { host: "The host a request is for, such as app.example.com" },
    async send(values) {
      result.value = null;
      props.onAnswer(null);
      const answer = await access.check({ ...values, method: method.value });
      if (failed(answer)) return answer;
      result.value = answer;
      props.onAnswer(answer);
      return null;
    },
  });
  return (
    <Form form={form} label="Who can reach this?" class="access-check">
      <div class="access-check-fields">
        <Field {...form.field("host")} label="Host" hint="app.example.com" />
        <Field {...form.field("path")} label="Path" hint="/admin/reports?year=2026" />
        <div class="field">
          <label for="check-method">Method</label>
          <select id="check-method" value={method.value} onChange={(e) => (method.value = e.currentTarget.value)}>
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
        <Field {...form.field("user")} type="email" label="User's e-mail" hint="Empty: someone not signed in" />
      </div>
      <Button busy={form.busy.value}>Check</Button>
      {result.value && (
        <Alert kind={result.value.answer === "deny" ? "error" : "success"} class="access-answer" focusable>
          <strong>{ANSWERS[result.value.answer]}</strong>. {result.value.reason}
        </Alert>
      )}
    </Form>
  );
}

/** The access rules in force (read-only: the file is the truth) and "Who can reach this?". */
export function AccessRules() {
  const access = useAccessActions();
  const view = useSignal<RulesView | null>(null);
  const error = useSignal<string | null>(null);
  const decided = useSignal<number | null>(null);
  useEffect(() => {
    void access.rules().then((result) => {
      if (failed(result)) error.value = result.msg;
      else view.value = result;
    });
  }, []);
  return (
    <div class="grid">
      <Card title="Who can reach this?" class="span-12">
        <CheckForm onAnswer={(answer) => (decided.value = answer?.rule ?? null)} />
      </Card>
      <Card title="Rules in force" class="span-12">
        {error.value && <Alert kind="error">{error.value}</Alert>}
        {view.value === null ? (
          !error.value && <p class="muted">Loading…</p>
        ) : (
          <>
            <p>
              {view.value.file ? (
                <>
                  From <span class="mono">{view.value.file}</span> (ACCESS_RULES), read again when it changes.
                </>
              ) : (
                "No ACCESS_RULES file: every service behind forward auth lets in anyone signed in."
              )}{" "}
              When no rule matches: <strong>{view.value.default_policy}</strong> ({POLICIES[view.value.default_policy]}
              ). Groups are on <a href="/admin/groups">their own page</a>.
            </p>
            {view.value.rules.length > 0 && <RulesTable view={view.value} decided={decided.value} />}
          </>
        )}
      </Card>
    </div>
  );
}
