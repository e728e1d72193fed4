import { useTranslation } from "react-i18next";

import { GlobeIcon } from "@/components/ui/icons";
import { changeLanguage, currentLanguage, type Language } from "@/lib/i18n";

/** Each language is named in itself, so a reader of either finds their own. */
const LANGUAGE_NAMES: Record<Language, string> = {
  ru: "Русский",
  en: "English",
};

const OTHER: Record<Language, Language> = { ru: "en", en: "ru" };

/** Offers the other interface language: «English» on the Russian page, «Русский» on the English one. */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const target = OTHER[currentLanguage()];
  return (
    <button
      type="button"
      className="header-tool"
      lang={target}
      title={t("settings.language")}
      onClick={() => void changeLanguage(target)}
    >
      <GlobeIcon />
      <span>{LANGUAGE_NAMES[target]}</span>
    </button>
  );
}
