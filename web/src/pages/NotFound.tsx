import { AuthLayout } from "../components/AuthLayout.tsx";
import { useTitle } from "../context.ts";
import { APP_MESSAGES as T } from "../messages.ts";

/** 404: inside the app for a signed-in user; on its own, with the brand, for everybody else. */
export function NotFound({ standalone = false }: { standalone?: boolean }) {
  useTitle(T.pageNotFound);
  if (standalone) {
    return (
      <AuthLayout
        title={T.noSuchPage}
        subtitle={T.mistyped}
        footer={
          <>
            {T.noAccountYet} <a href="/signup">{T.createOne}</a>
          </>
        }
      >
        <a class="btn btn-primary btn-block" href="/signin">
          {T.goToSignIn}
        </a>
      </AuthLayout>
    );
  }
  return (
    <div class="not-found">
      <p class="not-found-code" aria-hidden="true">
        404
      </p>
      <h2>{T.noSuchPage}</h2>
      <p class="muted">{T.mistyped}</p>
      <a class="btn btn-primary" href="/">
        {T.goToDashboard}
      </a>
    </div>
  );
}
