import i18n from "i18next";
import { initReactI18next } from "react-i18next";

import { readPreference, writePreference } from "@/lib/storage";

import ru from "./ru.json";

export const LANGUAGES = ["ru", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "ru";
export const LANGUAGE_STORAGE_KEY = "edudiary.language";

// Russian is in the main bundle; English (the second language) is its own chunk, loaded
// when chosen, so the first page a parent opens carries one language, not two.
export const resources = {
  ru: { translation: ru },
} as const;

const LOADERS: Record<Exclude<Language, "ru">, () => Promise<{ default: unknown }>> = {
  en: () => import("./en.json"),
};

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: (typeof resources)["ru"];
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

function initialLanguage(): Language {
  const stored = readPreference(LANGUAGE_STORAGE_KEY);
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}

/** The language requests are made in and the page is shown in: "ru" or "en". */
export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}

/** Makes sure the strings of `lng` are there (a no-op for Russian and for loaded ones). */
export async function loadLanguage(lng: Language): Promise<void> {
  if (lng === "ru" || i18n.hasResourceBundle(lng, "translation")) return;
  const bundle = await LOADERS[lng]();
  i18n.addResourceBundle(lng, "translation", bundle.default as object, true, true);
}

export async function changeLanguage(lng: Language): Promise<void> {
  await loadLanguage(lng);
  await i18n.changeLanguage(lng);
  writePreference(LANGUAGE_STORAGE_KEY, lng);
}

i18n.on("languageChanged", (lng) => {
  if (typeof document !== "undefined") {
    document.documentElement.lang = isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
  }
});

void i18n.use(initReactI18next).init({
  resources,
  // A stored English choice switches over as soon as its chunk arrives (below).
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  nonExplicitSupportedLngs: false,
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
  initAsync: false,
});

const stored = initialLanguage();
if (stored !== DEFAULT_LANGUAGE) {
  void loadLanguage(stored).then(() => i18n.changeLanguage(stored));
}

export { i18n };
