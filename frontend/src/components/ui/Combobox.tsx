import { useEffect, useId, useState, type KeyboardEvent, type ReactNode, type Ref } from "react";
import { useTranslation } from "react-i18next";

import { ErrorIcon } from "./icons";

import "./combobox.css";

export interface ComboboxProps<T> {
  label: ReactNode;
  name: string;
  /** The text in the input (controlled). */
  inputValue: string;
  onInputChange: (value: string) => void;
  options: readonly T[];
  getKey: (option: T) => string;
  renderOption: (option: T) => ReactNode;
  onSelect: (option: T) => void;
  /**
   * Enter with no option highlighted (a search form: show all results). Without it, Enter
   * does nothing then, so a half-typed name is never taken for a choice.
   */
  onEnterText?: (text: string) => void;
  /** Read to screen readers as the list changes: «Найдено 5 школ», «Ничего не найдено». */
  status?: string | null;
  /** Shown in the open list when there are no options (and the text is long enough). */
  empty?: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  placeholder?: string;
  optional?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
  className?: string;
  /** Extra classes on the listbox (e.g. a header popup's width). */
  listClassName?: string;
  onBlur?: () => void;
}

/**
 * A text input with a list of suggestions (the WAI-ARIA 1.2 combobox with list
 * autocomplete): focus stays in the input while ↓/↑ move the highlight, announced through
 * aria-activedescendant; Enter takes the highlighted option, Escape closes the list (a
 * second Escape clears the text), Tab leaves it. The mouse and touch work as usual.
 */
export function Combobox<T>({
  label,
  name,
  inputValue,
  onInputChange,
  options,
  getKey,
  renderOption,
  onSelect,
  onEnterText,
  status,
  empty,
  hint,
  error,
  placeholder,
  optional,
  inputRef,
  autoFocus,
  className,
  listClassName,
  onBlur,
}: ComboboxProps<T>) {
  const { t } = useTranslation();
  const id = useId();
  const inputId = `combobox-${id}`;
  const listId = `${inputId}-list`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  // New suggestions: nothing is highlighted until the user moves to one.
  const keys = options.map(getKey).join("|");
  useEffect(() => setActive(-1), [keys]);

  const typed = open && inputValue.trim() !== "";
  const showList = typed && options.length > 0;
  const showEmpty = typed && options.length === 0 && empty != null;
  const optionId = (index: number) => `${inputId}-option-${index}`;

  useEffect(() => {
    if (!showList || active < 0) return;
    const element = document.getElementById(optionId(active));
    element?.scrollIntoView?.({ block: "nearest" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, showList]);

  const choose = (option: T) => {
    onSelect(option);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case "ArrowDown": {
        event.preventDefault();
        if (!open) setOpen(true);
        if (options.length) setActive((current) => (current + 1) % options.length);
        break;
      }
      case "ArrowUp": {
        event.preventDefault();
        if (!open) setOpen(true);
        if (options.length) setActive((current) => (current <= 0 ? options.length - 1 : current - 1));
        break;
      }
      case "Enter": {
        if (showList && active >= 0 && options[active] !== undefined) {
          event.preventDefault();
          choose(options[active]);
        } else if (onEnterText) {
          event.preventDefault();
          setOpen(false);
          onEnterText(inputValue);
        }
        break;
      }
      case "Escape": {
        if (showList || showEmpty) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (inputValue) {
          event.preventDefault();
          onInputChange("");
        }
        break;
      }
      case "Tab":
        setOpen(false);
        break;
      default:
        break;
    }
  };

  return (
    <div className={["field", "combobox", error ? "field--invalid" : null, className].filter(Boolean).join(" ")}>
      <label className="field__label" htmlFor={inputId} id={`${inputId}-label`}>
        {label}
        {optional ? <span className="field__optional"> {t("form.optional")}</span> : null}
      </label>
      {hint ? (
        <div id={hintId} className="field__hint">
          {hint}
        </div>
      ) : null}
      <div className="combobox__control">
        <input
          id={inputId}
          ref={inputRef}
          name={name}
          type="text"
          role="combobox"
          className="input combobox__input"
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          autoFocus={autoFocus}
          placeholder={placeholder}
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && active >= 0 ? optionId(active) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
          value={inputValue}
          onChange={(event) => {
            onInputChange(event.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            onBlur?.();
          }}
        />
        <ul
          id={listId}
          role="listbox"
          aria-labelledby={`${inputId}-label`}
          className={["combobox__list", listClassName].filter(Boolean).join(" ")}
          hidden={!showList}
        >
          {options.map((option, index) => (
            <li
              key={getKey(option)}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={index === active ? "combobox__option combobox__option--active" : "combobox__option"}
              // Keep the focus in the input: the click below makes the choice.
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => setActive(index)}
              onClick={() => choose(option)}
            >
              {renderOption(option)}
            </li>
          ))}
        </ul>
        {showEmpty ? <div className="combobox__empty">{empty}</div> : null}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status ?? ""}
      </p>
      {error ? (
        <p id={errorId} className="field__error">
          <ErrorIcon className="field__error-icon" width={18} height={18} />
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}
