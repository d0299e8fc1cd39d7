import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { deviceName } from "../../../../src/http/user-agent.ts";
import { ActivityChart } from "../../components/ActivityChart.tsx";
import { EventsTable } from "../../components/EventsTable.tsx";
import { ActivityIcon, AlertIcon, ShieldIcon } from "../../components/icons.tsx";
import { SessionCard } from "../../components/SessionCard.tsx";
import { Card } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { locale } from "../../time.ts";
import { useAccountActions } from "./actions.ts";
import { ACCOUNT_LABELS as L } from "./labels.ts";
import { ACCOUNT_TEXT as T } from "./messages.ts";

const since = (iso: string) => new Date(iso).toLocaleDateString(locale(), { dateStyle: "long" });

function Stat(props: {
  icon: ComponentChildren;
  tone: "blue" | "green" | "red";
  value: ComponentChildren;
  label: string;
  testId?: string;
}) {
  return (
    <div class="stat span-4">
      <span class={`stat-icon stat-${props.tone}`} aria-hidden="true">
        {props.icon}
      </span>
      <div>
        <span class="stat-value" data-testid={props.testId}>
          {props.value}
        </span>
        <span class="stat-label">{props.label}</span>
      </div>
    </div>
  );
}

const when = (iso: string) => new Date(iso).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });

export function Dashboard() {
  useTitle(L.dashboard);
  const { state } = useApp();
  const account = useAccountActions();
  useEffect(() => {
    void account.loadActivity();
  }, []);
  const user = state.user.value;
  const activity = state.activity.value;
  if (!user) return null;
  const previous = activity?.previous_sign_in;
  const lastFailed = activity?.last_failed_sign_in;
  const signIns14 = activity?.daily.reduce((sum, d) => sum + d.logins, 0);
  const failed14 = activity?.daily.reduce((sum, d) => sum + d.failed, 0) ?? 0;

  return (
    <div class="grid">
      <section class="welcome span-12" aria-labelledby="welcome-title">
        <div>
          <h2 id="welcome-title">{T.welcome(user.username)}</h2>
          <p data-testid="previous-sign-in">
            {!activity
              ? T.goodToSeeYou
              : previous
                ? previous.ip
                  ? T.previousSignInFrom(when(previous.at), deviceName(previous.user_agent), previous.ip)
                  : T.previousSignIn(when(previous.at), deviceName(previous.user_agent))
                : T.firstSignIn}
          </p>
        </div>
      </section>

      <Stat
        icon={<ActivityIcon size={22} />}
        tone="green"
        value={signIns14 ?? "…"}
        label={T.signIns14}
        testId="signins-14"
      />
      <Stat
        icon={<ShieldIcon size={22} />}
        tone={failed14 ? "red" : "green"}
        value={activity ? failed14 : "…"}
        label={T.failed14}
      />
      <Stat
        icon={<AlertIcon size={22} />}
        tone={lastFailed ? "red" : "blue"}
        value={!activity ? "…" : lastFailed ? shortDate(lastFailed.at) : T.none}
        label={lastFailed ? T.lastFailedOn(deviceName(lastFailed.user_agent)) : T.lastFailed}
        testId="last-failed"
      />

      <Card title={T.account} class="span-6">
        <dl class="facts">
          <div>
            <dt>{APP_MESSAGES.labelUsername}</dt>
            <dd data-testid="account-username">{user.username}</dd>
          </div>
          <div>
            <dt>{APP_MESSAGES.labelEmail}</dt>
            <dd data-testid="account-email">{user.email}</dd>
          </div>
          <div>
            <dt>{T.role}</dt>
            <dd>{user.role === "admin" ? T.roleAdmin : T.roleUser}</dd>
          </div>
          <div>
            <dt>{T.memberSince}</dt>
            <dd>{since(user.created_at)}</dd>
          </div>
        </dl>
        <a class="btn btn-ghost" href="/profile">
          {T.editProfile}
        </a>
      </Card>
      <div class="span-6">
        <SessionCard />
      </div>

      <Card title={T.signInActivity} class="span-12">
        {activity ? <ActivityChart daily={activity.daily} /> : <p class="muted">{APP_MESSAGES.loading}</p>}
      </Card>
      <Card title={T.recentEvents} class="span-12">
        {activity ? <EventsTable events={activity.events.slice(0, 10)} /> : <p class="muted">{APP_MESSAGES.loading}</p>}
      </Card>
    </div>
  );
}

const shortDate = (iso: string) => new Date(iso).toLocaleDateString(locale(), { day: "numeric", month: "short" });
