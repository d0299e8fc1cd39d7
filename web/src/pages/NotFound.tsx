import { useTitle } from "../context.ts";
import "./NotFound.css";

export function NotFound() {
  useTitle("Page not found");
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
