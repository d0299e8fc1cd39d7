/**
 * The languages the server speaks besides English: each folder of languages/ translates every
 * catalogue of the server (languages/<code>/server.ts, typed by ServerCatalogue in catalogues.ts: a
 * missing sentence does not compile). Installed once, on import.
 */
import de from "../languages/de/server.ts";
import es from "../languages/es/server.ts";
import fr from "../languages/fr/server.ts";
import ptBR from "../languages/pt-BR/server.ts";
import zhHans from "../languages/zh-Hans/server.ts";
import type { ServerCatalogue } from "./catalogues.ts";
import { installTranslations, type Language } from "./http/catalogue.ts";

export { SERVER_CATALOGUES, type ServerCatalogue } from "./catalogues.ts";

export const SERVER_TRANSLATIONS: Readonly<Partial<Record<Language, ServerCatalogue>>> = {
  de,
  fr,
  es,
  "pt-BR": ptBR,
  "zh-Hans": zhHans,
};

for (const [language, catalogue] of Object.entries(SERVER_TRANSLATIONS)) {
  installTranslations(language as Language, catalogue as unknown as Record<string, never>);
}
