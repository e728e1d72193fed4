import { useState } from "react";
import { useTranslation } from "react-i18next";

import { EyeIcon } from "./icons";
import { TextField, type TextFieldProps } from "./TextField";

/** A password input with «Показать пароль»: no second «repeat» field to mistype. */
export function PasswordField(props: Omit<TextFieldProps, "type" | "after" | "mask">) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <TextField
      {...props}
      type={shown ? "text" : "password"}
      spellCheck={false}
      autoCapitalize="off"
      after={
        <button
          type="button"
          className="field__addon"
          aria-pressed={shown}
          aria-label={t("form.showPassword")}
          title={t("form.showPassword")}
          onClick={() => setShown((on) => !on)}
        >
          <EyeIcon />
        </button>
      }
    />
  );
}
