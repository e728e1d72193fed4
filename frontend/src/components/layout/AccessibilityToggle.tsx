import { useState } from "react";
import { useTranslation } from "react-i18next";

import { EyeIcon } from "@/components/ui/icons";
import { isAccessibilityModeOn, setAccessibilityMode } from "@/lib/accessibility-mode";

export function AccessibilityToggle() {
  const { t } = useTranslation();
  const [on, setOn] = useState(isAccessibilityModeOn);
  return (
    <button
      type="button"
      className="header-tool"
      aria-pressed={on}
      onClick={() => {
        setAccessibilityMode(!on);
        setOn(!on);
      }}
    >
      <EyeIcon />
      <span>{t("settings.accessibility")}</span>
    </button>
  );
}
