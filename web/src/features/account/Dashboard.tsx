import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { describeAgent } from "../../../../src/http/user-agent.ts";
import { ActivityChart } from "../../components/ActivityChart.tsx";
import { EventsTable } from "../../components/EventsTable.tsx";
import { ActivityIcon, AlertIcon, ShieldIcon } from "../../components/icons.tsx";
import { SessionCard } from "../../components/SessionCard.tsx";
import { Card } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { useAccountActions } from "./actions.ts";

const since = (iso: string) => new Date(iso).toLocaleDateString([], { dateStyle: "long" });

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

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });

export function Dashboard() {
  useTitle("Dashboard");
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
          <h2 id="welcome-title">Welcome, {user.username}</h2>
          <p data-testid="previous-sign-in">
            {!activity
              ? "Good to see you."
              : previous
                ? `Your previous sign-in: ${when(previous.at)}, ${describeAgent(previous.user_agent)}${previous.ip ? ` (${previous.ip})` : ""}.`
                : "This is your first sign-in."}
          </p>
        </div>
      </section>

      <Stat
        icon={<ActivityIcon size={22} />}
        tone="green"
        value={signIns14 ?? "…"}
        label="sign-ins in the last 14 days"
        testId="signins-14"
      />
      <Stat
        icon={<ShieldIcon size={22} />}
        tone={failed14 ? "red" : "green"}
        value={activity ? failed14 : "…"}
        label="failed sign-ins in the last 14 days"
      />
      <Stat
        icon={<AlertIcon size={22} />}
        tone={lastFailed ? "red" : "blue"}
        value={!activity ? "…" : lastFailed ? shortDate(lastFailed.at) : "None"}
        label={lastFailed ? `last failed sign-in, ${describeAgent(lastFailed.user_agent)}` : "last failed sign-in"}
        testId="last-failed"
      />

      <Card title="Account" class="span-6">
        <dl class="facts">
          <div>
            <dt>Username</dt>
            <dd data-testid="account-username">{user.username}</dd>
          </div>
          <div>
            <dt>E-mail</dt>
            <dd data-testid="account-email">{user.email}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd class="capitalize">{user.role}</dd>
          </div>
          <div>
            <dt>Member since</dt>
            <dd>{since(user.created_at)}</dd>
          </div>
        </dl>
        <a class="btn btn-ghost" href="/profile">
          Edit profile
        </a>
      </Card>
      <div class="span-6">
        <SessionCard />
      </div>

      <Card title="Sign-in activity" class="span-12">
        {activity ? <ActivityChart daily={activity.daily} /> : <p class="muted">Loading…</p>}
      </Card>
      <Card title="Recent security events" class="span-12">
        {activity ? <EventsTable events={activity.events.slice(0, 10)} /> : <p class="muted">Loading…</p>}
      </Card>
    </div>
  );
}

const shortDate = (iso: string) => new Date(iso).toLocaleDateString([], { day: "numeric", month: "short" });
