import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ErrorIcon, FileIcon } from "@/components/ui/icons";
import { ApiProblem } from "@/lib/api";
import { formatFileSize } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { fetchAttachment, uploadAttachment, type Attachment } from "../api/messaging";

const MAX_SIZE = 10 * 1024 * 1024;
const MAX_FILES = 10;
export const ATTACHMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.txt";

/** Files of a message: each a button that downloads it (the server checks who may). */
export function AttachmentList({ items }: { items: Attachment[] }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const [failed, setFailed] = useState<string | null>(null);
  if (items.length === 0) return null;
  const open = async (item: Attachment) => {
    setFailed(null);
    try {
      const blob = await fetchAttachment(item.id);
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = item.file_name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch {
      setFailed(item.id);
    }
  };
  return (
    <ul className="msg-files">
      {items.map((item) => (
        <li key={item.id}>
          <button type="button" className="msg-file" onClick={() => void open(item)}>
            <FileIcon width={20} height={24} aria-hidden="true" />
            <span className="msg-file__name">{item.file_name}</span>
            <span className="muted"> · {formatFileSize(item.size, locale)}</span>
          </button>
          {failed === item.id ? (
            <p className="field__error" role="alert">
              {t("messaging.files.downloadFailed")}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Choose files: each is uploaded (and checked by the server) at once, removable before sending. */
export function AttachmentPicker({ value, onChange }: { value: Attachment[]; onChange: (next: Attachment[]) => void }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pick = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setError(null);
    setBusy(true);
    const added: Attachment[] = [];
    try {
      for (const file of [...files].slice(0, MAX_FILES - value.length)) {
        if (file.size > MAX_SIZE) {
          setError(t("messaging.files.tooLarge", { name: file.name }));
          continue;
        }
        try {
          added.push(await uploadAttachment(file));
        } catch (caught) {
          setError(
            caught instanceof ApiProblem
              ? (caught.problem?.detail ?? t("messaging.files.failed"))
              : t("messaging.files.failed"),
          );
        }
      }
      onChange([...value, ...added]);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  };

  return (
    <div className={`field msg-attach${error ? " field--invalid" : ""}`}>
      {value.length > 0 ? (
        <ul className="msg-files">
          {value.map((item) => (
            <li key={item.id} className="msg-file msg-file--chosen">
              <FileIcon width={20} height={24} aria-hidden="true" />
              <span className="msg-file__name">{item.file_name}</span>
              <span className="muted"> · {formatFileSize(item.size, locale)}</span>
              <Button variant="link" onClick={() => onChange(value.filter((v) => v.id !== item.id))}>
                {t("messaging.files.remove")}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {value.length < MAX_FILES ? (
        <label className="button button--secondary msg-attach__button" htmlFor={inputId} aria-busy={busy}>
          {busy ? t("messaging.files.uploading") : t("messaging.files.attach")}
          <input
            ref={input}
            id={inputId}
            type="file"
            multiple
            className="visually-hidden"
            accept={ATTACHMENT_ACCEPT}
            disabled={busy}
            onChange={(event) => void pick(event.target.files)}
          />
        </label>
      ) : null}
      <p className="field__hint">{t("messaging.files.hint")}</p>
      {error ? (
        <p className="field__error" role="alert">
          <ErrorIcon className="field__error-icon" width={18} height={18} />
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}
