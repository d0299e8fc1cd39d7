/**
 * oidc-provider, imported without the line it prints as it is imported: that it runs on a runtime
 * other than Node's LTS ("Unsupported runtime"). Running it on Bun is this server's choice, made
 * knowingly (the provider's behaviour is held by this repository's tests, on Bun), so that line is
 * not printed at every start. Every other warning of the library is printed as it comes.
 */
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === "string" && args[0].startsWith("oidc-provider WARNING: Unsupported runtime")) return;
  warn(...args);
};
const library = await import("oidc-provider").finally(() => {
  console.warn = warn;
});

export const Provider = library.default;
export type Provider = InstanceType<typeof library.default>;
export const errors = library.errors;
export const interactionPolicy = library.interactionPolicy;
export type { Configuration, KoaContextWithOIDC } from "oidc-provider";

/** The library as loaded (provider.ts imports this module on the provider's first use). */
export type Library = { Provider: typeof Provider; errors: typeof errors; interactionPolicy: typeof interactionPolicy };
