import { useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useApp } from "../context.ts";
import { BANNERS, NAV } from "../features.ts";
import { PAGE_MESSAGES as T } from "../page-messages.ts";
import { Brand } from "./Brand.tsx";
import { ChevronIcon, LogoutIcon, MenuIcon, UserIcon } from "./icons.tsx";
import { Notice } from "./Notice.tsx";
import { SessionWarning } from "./SessionWarning.tsx";
import { ThemeToggle } from "./ThemeToggle.tsx";

/** Below this width the sidebar is a drawer behind the menu button (the stylesheet's breakpoint). */
const DRAWER = "(max-width: 991px)";

/** Whether a media query matches, kept up to date. */
function useMediaQuery(query: string): boolean {
  const matches = useSignal(matchMedia(query).matches);
  useEffect(() => {
    const list = matchMedia(query);
    const update = () => (matches.value = list.matches);
    list.addEventListener("change", update);
    return () => list.removeEventListener("change", update);
  }, [query]);
  return matches.value;
}

/** The navigation: always there on a wide screen; on a narrow one a drawer, out of reach (inert) when closed. */
function Sidebar({ drawer, onClose }: { drawer: boolean; onClose(): void }) {
  const { state, actions } = useApp();
  const here = state.pathname.value;
  const open = state.sidebarOpen.value;
  return (
    <nav id="sidebar" class={`sidebar ${open ? "open" : ""}`} aria-label={T.mainNavigation} inert={drawer && !open}>
      <div class="sidebar-brand">
        <Brand />
        {drawer && (
          <button type="button" class="drawer-close" onClick={onClose}>
            {T.close}
            <span class="sr-only">{T.closeNavigation}</span>
          </button>
        )}
      </div>
      <p class="nav-caption">{T.navigation}</p>
      <ul class="nav">
        {NAV.filter((entry) => !entry.admin || state.user.value?.role === "admin").map(
          ({ href, label, icon: Icon }) => (
            <li key={href}>
              <a href={href} class={here === href ? "active" : ""} aria-current={here === href ? "page" : undefined}>
                <Icon />
                <span>{label()}</span>
              </a>
            </li>
          ),
        )}
        <li>
          <button type="button" class="nav-button" onClick={() => void actions.signOut(false)}>
            <LogoutIcon />
            <span>{T.signOut}</span>
          </button>
        </li>
        <li>
          <button type="button" class="nav-button" onClick={() => void actions.signOut(true)}>
            <LogoutIcon />
            <span>{T.signOutEverywhere}</span>
          </button>
          <p class="nav-note">{T.everyDevice}</p>
        </li>
      </ul>
    </nav>
  );
}

function UserMenu() {
  const { state, actions } = useApp();
  const open = useSignal(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open.value) return;
    // The WAI-ARIA menu: arrows, Home and End move between the items; Escape closes it and gives the
    // focus back; Tab leaves it, closed.
    const onKey = (event: KeyboardEvent) => {
      const items = [...(root.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
      const at = items.indexOf(document.activeElement as HTMLElement);
      const to: Record<string, number> = {
        ArrowDown: (at + 1) % items.length,
        ArrowUp: (at - 1 + items.length) % items.length,
        Home: 0,
        End: items.length - 1,
      };
      if (event.key in to) {
        event.preventDefault();
        items[to[event.key] as number]?.focus();
      } else if (event.key === "Tab") open.value = false;
      else if (event.key === "Escape") {
        open.value = false;
        root.current?.querySelector<HTMLButtonElement>(".user-button")?.focus();
      }
    };
    const onClick = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) open.value = false;
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    root.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    };
  }, [open.value]);

  const user = state.user.value;
  return (
    <div class="user-menu" ref={root}>
      <button
        type="button"
        class="user-button"
        aria-haspopup="menu"
        aria-expanded={open.value ? "true" : "false"}
        aria-controls="user-menu-list"
        onClick={() => (open.value = !open.value)}
      >
        <span class="avatar" aria-hidden="true">
          {state.initials.value}
        </span>
        <span class="sr-only">{T.accountMenu}</span>
        <span class="user-name">{user?.username}</span>
        <ChevronIcon size={16} />
      </button>
      {open.value && (
        <div class="menu" id="user-menu-list" role="menu" aria-label={T.account}>
          <div class="menu-head">
            <strong>{user?.username}</strong>
            <span>{user?.email}</span>
          </div>
          <a role="menuitem" tabIndex={-1} href="/profile" onClick={() => (open.value = false)}>
            <UserIcon /> {T.profile}
          </a>
          {([false, true] as const).map((everywhere) => (
            <button
              key={String(everywhere)}
              role="menuitem"
              type="button"
              tabIndex={-1}
              onClick={() => {
                open.value = false;
                void actions.signOut(everywhere);
              }}
            >
              <LogoutIcon /> {everywhere ? T.signOutEverywhere : T.signOut}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export function Layout(props: { title: string; children: ComponentChildren }) {
  const { state } = useApp();
  const drawer = useMediaQuery(DRAWER);
  const open = drawer && state.sidebarOpen.value;
  const menuButton = useRef<HTMLButtonElement>(null);

  // The open drawer holds the focus: its first link takes it, the rest of the page is inert, and
  // Escape (or the scrim) closes it and gives the focus back to the menu button.
  useEffect(() => {
    if (!open) return;
    const focusable = () => [...document.querySelectorAll<HTMLElement>("#sidebar a, #sidebar button")];
    focusable()[0]?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close();
      if (event.key !== "Tab") return;
      // Tab past either end comes round to the other end, never out of the drawer.
      const items = focusable();
      const at = items.indexOf(document.activeElement as HTMLElement);
      const next = event.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : at === items.length - 1 ? 0 : at + 1;
      event.preventDefault();
      items[next]?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  const close = () => {
    state.sidebarOpen.value = false;
    // Once the page behind is no longer inert (the next render), the menu button can take the focus.
    setTimeout(() => menuButton.current?.focus(), 0);
  };

  return (
    <div class="shell">
      <a class="skip-link" href="#main" inert={open}>
        {T.skipToContent}
      </a>
      <Sidebar drawer={drawer} onClose={close} />
      {open && <div class="scrim" onClick={close} aria-hidden="true" />}
      <div class="main-column" inert={open}>
        <header class="topbar">
          <button
            ref={menuButton}
            type="button"
            class="menu-button"
            aria-label={T.openNavigation}
            aria-controls="sidebar"
            aria-expanded={state.sidebarOpen.value ? "true" : "false"}
            onClick={() => (state.sidebarOpen.value = !state.sidebarOpen.value)}
          >
            <MenuIcon size={22} />
          </button>
          <h1 class="page-title" tabIndex={-1}>
            {props.title}
          </h1>
          <ThemeToggle />
          <UserMenu />
        </header>
        <main id="main" tabIndex={-1} class="content">
          <SessionWarning />
          <Notice />
          {BANNERS.map((Banner) => (
            <Banner key={Banner.name} />
          ))}
          {props.children}
        </main>
        <footer class="footer">{T.footer}</footer>
      </div>
    </div>
  );
}
