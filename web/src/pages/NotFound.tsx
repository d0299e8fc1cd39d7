import { AuthLayout } from "../components/AuthLayout.tsx";
import { useTitle } from "../context.ts";

/** 404: inside the app for a signed-in user; on its own, with the brand, for everybody else. */
export function NotFound({ standalone = false }: { standalone?: boolean }) {
  useTitle("Page not found");
  if (standalone) {
    return (
      <AuthLayout
        title="This page does not exist"
        subtitle="The address may be mistyped, or the page has moved."
        footer={
          <>
            No account yet? <a href="/signup">Create one</a>
          </>
        }
      >
        <a class="btn btn-primary btn-block" href="/signin">
          Go to sign in
        </a>
      </AuthLayout>
    );
  }
  return (
    <div class="not-found">
      <p class="not-found-code" aria-hidden="true">
        404
      </p>
      <h2>This page does not exist</h2>
      <p class="muted">The address may be mistyped, or the page has moved.</p>
      <a class="btn btn-primary" href="/">
        Go to the dashboard
      </a>
    </div>
  );
}
