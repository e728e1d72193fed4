import { useRef } from "react";
import { useTranslation } from "react-i18next";

import { dateMask, isoToRuDate, ruDateToIso } from "@/lib/masks";

import { CalendarIcon } from "./icons";
import { TextField, type TextFieldProps } from "./TextField";

type DateFieldProps = Omit<TextFieldProps, "mask" | "after" | "type" | "inputMode" | "placeholder"> & {
  /** ISO bounds for the calendar. */
  min?: string;
  max?: string;
};

/**
 * A date typed as ДД.ММ.ГГГГ (with the mask), or picked in the browser's calendar: the
 * button opens the native date picker of a hidden date input next to it.
 */
export function DateField({ min, max, hint, ...props }: DateFieldProps) {
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  const iso = ruDateToIso(props.value) ?? "";
  return (
    <TextField
      {...props}
      hint={hint ?? t("form.dateHint")}
      mask={dateMask}
      inputMode="numeric"
      placeholder={t("form.datePlaceholder")}
      maxLength={10}
      after={
        <span className="date-picker">
          <button
            type="button"
            className="field__addon"
            aria-label={t("form.pickDate")}
            title={t("form.pickDate")}
            onClick={() => {
              const input = picker.current;
              if (!input) return;
              try {
                input.showPicker();
              } catch {
                input.focus();
              }
            }}
          >
            <CalendarIcon />
          </button>
          <input
            ref={picker}
            type="date"
            className="date-picker__native"
            tabIndex={-1}
            aria-hidden="true"
            value={iso}
            min={min}
            max={max}
            onChange={(event) => {
              if (event.target.value) props.onChange(isoToRuDate(event.target.value));
            }}
          />
        </span>
      }
    />
  );
}
