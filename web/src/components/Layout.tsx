import { useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useApp } from "../context.ts";
import { ChevronIcon, HomeIcon, LogoutIcon, MenuIcon, UserIcon } from "./icons.tsx";
import { Notice } from "./Notice.tsx";
import "./Layout.css";

const NAV = [
  { href: "/", label: "Dashboard", icon: HomeIcon },
  { href: "/profile", label: "Profile", icon: UserIcon },
];

export function Brand() {
  return (
    <a href="/" class="brand" aria-label="Datta Dashboard home">
      <span class="brand-mark" aria-hidden="true">
        D
      </span>
      <span class="brand-name">Datta Dashboard</span>
    </a>
  );
}

function Sidebar() {
  const { state, actions } = useApp();
  const here = state.pathname.value;
  return (
    <nav id="sidebar" class={`sidebar ${state.sidebarOpen.value ? "open" : ""}`} aria-label="Main">
      <div class="sidebar-brand">
        <Brand />
      </div>
      <p class="nav-caption">Navigation</p>
      <ul class="nav">
        {NAV.map(({ href, label, icon: Icon }) => (
          <li key={href}>
            <a href={href} class={here === href ? "active" : ""} aria-current={here === href ? "page" : undefined}>
              <Icon />
              <span>{label}</span>
            </a>
          </li>
        ))}
        <li>
          <button type="button" class="nav-button" onClick={() => void actions.signOut()}>
            <LogoutIcon />
            <span>Sign out</span>
          </button>
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
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
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
        aria-label="Account menu"
        aria-haspopup="menu"
        aria-expanded={open.value ? "true" : "false"}
        aria-controls="user-menu-list"
        onClick={() => (open.value = !open.value)}
      >
        <span class="avatar" aria-hidden="true">
          {state.initials.value}
        </span>
        <span class="user-name">{user?.username}</span>
        <ChevronIcon size={16} />
      </button>
      {open.value && (
        <div class="menu" id="user-menu-list" role="menu" aria-label="Account">
          <div class="menu-head">
            <strong>{user?.username}</strong>
            <span>{user?.email}</span>
          </div>
          <a role="menuitem" href="/profile" onClick={() => (open.value = false)}>
            <UserIcon /> Profile
          </a>
          <button
            role="menuitem"
            type="button"
            onClick={() => {
              open.value = false;
              void actions.signOut();
            }}
          >
            <LogoutIcon /> Sign out
          </button>
        </div>
      )}
    </div>
  );
}

export function Layout(props: { title: string; children: ComponentChildren }) {
  const { state } = useApp();
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar />
      {state.sidebarOpen.value && (
        <div class="scrim" onClick={() => (state.sidebarOpen.value = false)} aria-hidden="true" />
      )}
      <div class="main-column">
        <header class="topbar">
          <button
            type="button"
            class="menu-button"
            aria-label="Open navigation"
            aria-controls="sidebar"
            aria-expanded={state.sidebarOpen.value ? "true" : "false"}
            onClick={() => (state.sidebarOpen.value = !state.sidebarOpen.value)}
          >
            <MenuIcon size={22} />
          </button>
          <h1 class="page-title">{props.title}</h1>
          <UserMenu />
        </header>
        <main id="main" tabIndex={-1} class="content">
          <Notice />
          {props.children}
        </main>
        <footer class="footer">Datta Dashboard · your data stays on this server</footer>
      </div>
    </div>
  );
}
