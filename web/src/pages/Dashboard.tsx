import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { ActivityChart } from "../components/ActivityChart.tsx";
import { EventsTable } from "../components/EventsTable.tsx";
import { ActivityIcon, ShieldIcon, UserIcon } from "../components/icons.tsx";
import { SessionCard } from "../components/SessionCard.tsx";
import { Card } from "../components/ui.tsx";
import { useApp, useTitle } from "../context.ts";
import "./Dashboard.css";

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

export function Dashboard() {
  useTitle("Dashboard");
  const { state, actions } = useApp();
  useEffect(() => {
    void actions.loadActivity();
  }, []);
  const user = state.user.value;
  const activity = state.activity.value;
  if (!user) return null;
  const lastSignIn = activity?.events.find((e) => e.type === "login");
  const failed14 = activity?.daily.reduce((sum, d) => sum + d.failed, 0) ?? 0;

  return (
    <div class="grid">
      <section class="welcome span-12" aria-labelledby="welcome-title">
        <div>
          <h2 id="welcome-title">Welcome, {user.username}</h2>
          <p>
            {lastSignIn
              ? `Last sign-in ${new Date(lastSignIn.at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}.`
              : "Good to see you."}
          </p>
        </div>
      </section>

      <Stat icon={<UserIcon size={22} />} tone="blue" value={user.role} label="role" />
      <Stat
        icon={<ActivityIcon size={22} />}
        tone="green"
        value={activity ? activity.daily.reduce((sum, d) => sum + d.logins, 0) : "…"}
        label="sign-ins, 14 days"
        testId="signins-14"
      />
      <Stat
        icon={<ShieldIcon size={22} />}
        tone={failed14 ? "red" : "green"}
        value={activity ? failed14 : "…"}
        label="failed sign-ins, 14 days"
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
            <dt>Member since</dt>
            <dd>{since(user.created_at)}</dd>
          </div>
          <div>
            <dt>Account id</dt>
            <dd class="mono">{user.public_id.slice(0, 8)}…</dd>
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
