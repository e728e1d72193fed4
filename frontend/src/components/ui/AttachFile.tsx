import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import type { components } from "@/api/generated/schema";
import { api, ApiProblem, unwrap } from "@/lib/api";
import { formatFileSize } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { Button } from "./Button";
import { ErrorIcon, FileIcon } from "./icons";

import "@/styles/records.css";

export type UploadedDocument = components["schemas"]["DocumentOut"];

const MAX_SIZE = 5 * 1024 * 1024;
const TYPES: Record<string, string> = { pdf: "application/pdf", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png" };
export const ATTACH_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

/** POST /api/v1/me/documents with kind "other" (a screenshot, a school's letter). */
export async function uploadOtherDocument(file: File): Promise<UploadedDocument> {
  return unwrap(
    await api.POST("/api/v1/me/documents", {
      body: { kind: "other", file: "" },
      bodySerializer: () => {
        const form = new FormData();
        form.append("kind", "other");
        form.append("file", file);
        return form;
      },
    }),
  );
}

function localProblem(file: File): "type" | "size" | "empty" | null {
  const extension = file.name.split(".").pop()?.toLowerCase() ?? "";
  const known = Object.values(TYPES).includes(file.type) || extension in TYPES;
  if (!known) return "type";
  if (file.size === 0) return "empty";
  if (file.size > MAX_SIZE) return "size";
  return null;
}

/**
 * An optional file for a request (PDF, JPEG or PNG up to 5 MB): chosen, uploaded to the
 * profile's documents at once, shown with its name and size, removable. The caller keeps
 * the document id.
 */
export function AttachFile({
  label,
  hint,
  value,
  onChange,
  name,
}: {
  label: string;
  hint?: string;
  value: UploadedDocument | null;
  onChange: (document: UploadedDocument | null) => void;
  name: string;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    const problem = localProblem(file);
    if (problem) {
      setError(t(`support.attach.errors.${problem}`));
      return;
    }
    setBusy(true);
    try {
      const uploaded = await uploadOtherDocument(file);
      setFileName(file.name);
      onChange(uploaded);
    } catch (caught) {
      setError(
        caught instanceof ApiProblem
          ? (caught.problem?.errors[0]?.message ?? caught.problem?.detail ?? t("support.attach.errors.server"))
          : t("support.attach.errors.network"),
      );
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  };

  return (
    <div className={`field attach${error ? " field--invalid" : ""}`}>
      <label className="field__label" htmlFor={inputId}>
        {label} <span className="field__optional">{t("form.optional")}</span>
      </label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {value ? (
        <div className="attach__file">
          <FileIcon width={32} height={38} />
          <span className="attach__name">
            {fileName ?? t("support.attach.attached")}
            <span className="muted"> · {formatFileSize(value.size, locale)}</span>
          </span>
          <Button variant="link" onClick={() => onChange(null)}>
            {t("support.attach.remove")}
          </Button>
        </div>
      ) : (
        <input
          ref={input}
          id={inputId}
          name={name}
          type="file"
          accept={ATTACH_ACCEPT}
          className="input attach__input"
          aria-busy={busy || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined}
          onChange={(event) => void pick(event.target.files?.[0])}
        />
      )}
      {busy ? (
        <p role="status" className="muted">
          {t("support.attach.uploading")}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field__error" role="alert">
          <ErrorIcon className="field__error-icon" width={18} height={18} />
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}
