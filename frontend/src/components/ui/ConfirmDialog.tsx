import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "./Button";

import "./dialog.css";

export interface ConfirmDialogProps {
  open: boolean;
  title: ReactNode;
  /** The question and its consequences; form fields (a reason, a comment) may go here too. */
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  tone?: "primary" | "danger";
  busy?: boolean;
  /** Called with the dialog's form submitted: validate inside and return false to stay open. */
  onConfirm: () => void | boolean | Promise<void | boolean>;
  onCancel: () => void;
}

/**
 * A modal question with the native <dialog>: the browser keeps the focus inside, Escape
 * cancels, and the focus returns to the button that opened it. The content is a form, so
 * Enter in a field confirms.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  tone = "primary",
  busy,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    } else if (!open && dialog.open) {
      if (typeof dialog.close === "function") dialog.close();
      else dialog.removeAttribute("open");
      (opener.current as HTMLElement | null)?.focus?.();
    }
  }, [open]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    await onConfirm();
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      {open ? (
        <form className="dialog__form" onSubmit={submit} noValidate>
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <div className="dialog__body">{children}</div>
          <div className="form__actions dialog__actions">
            <Button type="button" variant="secondary" onClick={onCancel} disabled={busy}>
              {cancelLabel ?? t("form.cancel")}
            </Button>
            <Button type="submit" variant={tone === "danger" ? "danger" : "primary"} busy={busy}>
              {confirmLabel}
            </Button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
