import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { CheckResult, RulesView } from "../../../../src/access/model.ts";
import { ScrollTable } from "../../components/ScrollTable.tsx";
import { Alert, Button, Card, Field, Form } from "../../components/ui.tsx";
import { useForm } from "../../form.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { failed, useAccessActions } from "./actions.ts";
import { ACCESS_LABELS as L } from "./labels.ts";
import { ACCESS_TEXT as T } from "./messages.ts";

type Answer = CheckResult["answer"];
type Rule = RulesView["rules"][number];

/** What each answer comes to at the proxy, in a few words. */
const ANSWERS: Record<Answer, () => string> = {
  bypass: () => T.answerBypass,
  allow: () => T.answerAllow,
  step_up: () => T.answerStepUp,
  sign_in: () => T.answerSignIn,
  deny: () => T.answerDeny,
};

const POLICIES: Record<RulesView["default_policy"], () => string> = {
  bypass: () => T.policyBypass,
  signed_in: () => T.policySignedIn,
  two_factor: () => T.policyTwoFactor,
  deny: () => T.policyDeny,
};

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

const listed = (values: string[] | undefined, none: string) => (values?.length ? values.join(", ") : none);

function RulesTable(props: { view: RulesView; decided: number | null }) {
  const { view } = props;
  return (
    <ScrollTable label={L.accessRules}>
      <caption class="sr-only">{T.rulesCaption}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{T.hosts}</th>
          <th scope="col">{T.paths}</th>
          <th scope="col">{T.methodsAndNetworks}</th>
          <th scope="col">{T.who}</th>
          <th scope="col">{T.policy}</th>
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
            <td class="mono">{listed(rule.paths, T.any)}</td>
            <td>
              {listed(rule.methods, T.anyMethod)}; {listed(rule.networks, T.anyNetwork)}
            </td>
            <td>{[...(rule.groups ?? []).map((g) => T.group(g)), ...(rule.users ?? [])].join(", ") || T.anyone}</td>
            <td>
              {rule.policy} <span class="muted">({POLICIES[rule.policy]()})</span>
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
    check: ({ host }): Record<string, string> => (host.trim() ? {} : { host: T.hostRequired }),
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
    <Form form={form} label={T.whoCanReach} class="access-check">
      <div class="access-check-fields">
        <Field {...form.field("host")} label={T.host} hint="app.example.com" />
        <Field {...form.field("path")} label={T.path} hint="/admin/reports?year=2026" />
        <div class="field">
          <label for="check-method">{T.method}</label>
          <select id="check-method" value={method.value} onChange={(e) => (method.value = e.currentTarget.value)}>
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
        <Field {...form.field("user")} type="email" label={T.usersEmail} hint={T.emptyUser} />
      </div>
      <Button busy={form.busy.value}>{T.check}</Button>
      {result.value && (
        <Alert kind={result.value.answer === "deny" ? "error" : "success"} class="access-answer" focusable>
          <strong>{ANSWERS[result.value.answer]()}</strong>. {result.value.reason}
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
      <Card title={T.whoCanReach} class="span-12">
        <CheckForm onAnswer={(answer) => (decided.value = answer?.rule ?? null)} />
      </Card>
      <Card title={T.rulesInForce} class="span-12">
        {error.value && <Alert kind="error">{error.value}</Alert>}
        {view.value === null ? (
          !error.value && <p class="muted">{APP_MESSAGES.loading}</p>
        ) : (
          <>
            <p>
              {view.value.file ? (
                <>
                  {T.fromFile} <span class="mono">{view.value.file}</span> {T.fromFileAfter}
                </>
              ) : (
                T.noFile
              )}{" "}
              {T.whenNoRule} <strong>{view.value.default_policy}</strong> ({POLICIES[view.value.default_policy]()}
              ). {T.groupsAreOn} <a href="/admin/groups">{T.theirOwnPage}</a>.
            </p>
            {view.value.rules.length > 0 && <RulesTable view={view.value} decided={decided.value} />}
          </>
        )}
      </Card>
    </div>
  );
}
