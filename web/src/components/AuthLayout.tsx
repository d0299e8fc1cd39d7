import type { ComponentChildren } from "preact";
import { Brand } from "./Brand.tsx";
import { LockIcon } from "./icons.tsx";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";
import { Notice } from "./Notice.tsx";
import { ThemeToggle } from "./ThemeToggle.tsx";

/** The signed-out pages' layout (sign in, sign up, 404): a centred card on the gradient background. */
export function AuthLayout(props: {
  title: string;
  subtitle: string;
  children: ComponentChildren;
  footer: ComponentChildren;
}) {
  return (
    <div class="auth">
      <div class="auth-shapes" aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <header class="auth-theme">
        <LanguageSwitcher />
        <ThemeToggle />
      </header>
      <main id="main" class="auth-card">
        <div class="auth-brand">
          <Brand />
        </div>
        <div class="auth-icon" aria-hidden="true">
          <LockIcon size={26} />
        </div>
        <h1 tabIndex={-1}>{props.title}</h1>
        <p class="muted">{props.subtitle}</p>
        <Notice />
        {props.children}
        <p class="auth-footer">{props.footer}</p>
      </main>
    </div>
  );
}
