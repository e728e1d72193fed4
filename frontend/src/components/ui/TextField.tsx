import { useId, useRef, type FocusEvent, type InputHTMLAttributes, type ReactNode, type Ref } from "react";
import { useTranslation } from "react-i18next";

import { applyMaskedEdit, type Mask } from "@/lib/masks";

import { ErrorIcon } from "./icons";

export interface TextFieldProps {
  label: ReactNode;
  name: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: (event: FocusEvent<HTMLElement>) => void;
  error?: string | null;
  hint?: ReactNode;
  /** Shows «(необязательно)» after the label. */
  optional?: boolean;
  mask?: Mask;
  /** Turns the typed text into the value kept (e.g. digits only); masks do this themselves. */
  transform?: (raw: string) => string;
  /** Beside the input: a «Показать пароль» or calendar button. */
  after?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
  inputClassName?: string;
  type?: "text" | "email" | "tel" | "password" | "search";
  autoComplete?: string;
  inputMode?: InputHTMLAttributes<HTMLInputElement>["inputMode"];
  placeholder?: string;
  maxLength?: number;
  disabled?: boolean;
  autoFocus?: boolean;
  spellCheck?: boolean;
  autoCapitalize?: string;
  id?: string;
  /** Extra ids for aria-describedby (a checklist under the field). */
  describedBy?: string;
}

/**
 * A labelled input with its hint and its error under it. The error is tied to the input
 * (aria-describedby, aria-invalid), so a screen reader reads it with the field.
 */
export function TextField({
  label,
  name,
  value,
  onChange,
  onBlur,
  error,
  hint,
  optional,
  mask,
  transform,
  after,
  inputRef,
  className,
  inputClassName,
  id,
  describedBy,
  type = "text",
  ...input
}: TextFieldProps) {
  const { t } = useTranslation();
  const autoId = useId();
  const inputId = id ?? `field-${autoId}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const previous = useRef(value);
  previous.current = value;

  return (
    <div className={["field", error ? "field--invalid" : null, className].filter(Boolean).join(" ")}>
      <label className="field__label" htmlFor={inputId}>
        {label}
        {optional ? <span className="field__optional"> {t("form.optional")}</span> : null}
      </label>
      {hint ? (
        <div id={hintId} className="field__hint">
          {hint}
        </div>
      ) : null}
      <div className="field__control">
        <input
          id={inputId}
          name={name}
          type={type}
          ref={inputRef}
          className={["input", inputClassName].filter(Boolean).join(" ")}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, describedBy, errorId].filter(Boolean).join(" ") || undefined}
          aria-required={optional ? undefined : true}
          onBlur={onBlur}
          onChange={(event) => {
            const target = event.target;
            if (mask) {
              const next = applyMaskedEdit(previous.current, target.value, target.selectionStart, mask);
              onChange(next.value);
              // Put the caret back where the user was typing, after React re-renders.
              requestAnimationFrame(() => {
                if (document.activeElement === target && target.value === next.value) {
                  target.setSelectionRange(next.caret, next.caret);
                }
              });
            } else {
              onChange(transform ? transform(target.value) : target.value);
            }
          }}
          {...input}
        />
        {after}
      </div>
      {error ? (
        <p id={errorId} className="field__error">
          <ErrorIcon className="field__error-icon" width={18} height={18} />
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}
