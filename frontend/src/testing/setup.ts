import "@testing-library/jest-dom/vitest";

import { cleanup } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach } from "vitest";

import { DEFAULT_LANGUAGE, i18n, loadLanguage } from "@/lib/i18n";

// The app loads English on demand; tests switch languages directly, so load it up front.
beforeAll(async () => {
  await loadLanguage("en");
});

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage(DEFAULT_LANGUAGE);
});

afterEach(() => {
  cleanup();
  document.documentElement.className = "";
});
