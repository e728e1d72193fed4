import { useEffect, useId, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ErrorIcon, FileIcon, UploadIcon } from "@/components/ui/icons";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";
import { formatFileSize, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useChildrenNames, useUploadDocument } from "../api/documents-api";
import type { DocumentKind } from "../api/upload-document";
import { ACCEPT_ATTRIBUTE, checkFile, fileType } from "../utils/file-checks";

export const KINDS: DocumentKind[] = ["passport", "birth_certificate", "snils", "other"];

/** A thumbnail for an image (an object URL, released when the file changes), an icon for a PDF. */
function Preview({ file }: { file: File }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const type = fileType(file);
  useEffect(() => {
    if (!type?.startsWith("image/")) return;
    const objectUrl = URL.createObjectURL(file);
    setUrl(objectUrl);
    return () => {
      URL.revokeObjectURL(objectUrl);
      setUrl(null);
    };
  }, [file, type]);
  if (url) return <img className="file-preview__image" src={url} alt={t("documents.previewAlt", { name: file.name })} />;
  return <FileIcon className="file-preview__icon" label={type === "application/pdf" ? "PDF" : undefined} />;
}

export function UploadForm() {
  const { t } = useTranslation();
  const inputId = useId();
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  const [kind, setKind] = useState<DocumentKind>("passport");
  const [childId, setChildId] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [progress, setProgress] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);
  const upload = useUploadDocument();
  const children = useChildrenNames();
  const locale = currentLanguage();

  useEffect(() => () => abort.current?.abort(), []);

  const choose = (next: File | null) => {
    setDone(null);
    setFailure(null);
    setProgress(0);
    setFile(next);
    if (!next) {
      setFileError(null);
      return;
    }
    const problem = checkFile(next);
    setFileError(problem ? t(`documents.fileProblem.${problem}`, { size: formatFileSize(next.size, locale) }) : null);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) choose(dropped);
  };

  const submit = async () => {
    if (!file) {
      setFileError(t("documents.fileRequired"));
      input.current?.focus();
      return;
    }
    if (fileError) {
      input.current?.focus();
      return;
    }
    setFailure(null);
    setDone(null);
    const controller = new AbortController();
    abort.current = controller;
    try {
      await upload.mutateAsync({
        kind,
        file,
        childId: kind === "birth_certificate" && childId ? childId : null,
        onProgress: setProgress,
        signal: controller.signal,
      });
      setDone(t("documents.uploaded", { kind: t(`documents.kinds.${kind}`) }));
      setFile(null);
      setProgress(0);
      if (input.current) input.current.value = "";
    } catch (error) {
      setProgress(0);
      if (error instanceof DOMException && error.name === "AbortError") return;
      // The server's words about the file (type, size, dpi) go next to the file.
      const message = error instanceof ApiProblem ? error.fieldErrors().file : undefined;
      if (message) {
        setFileError(message);
        input.current?.focus();
      } else {
        setFailure(error);
      }
    } finally {
      abort.current = null;
    }
  };

  const uploading = upload.isPending;
  const percent = Math.round(progress * 100);
  const childOptions = children.data?.items ?? [];

  return (
    <section className="card section-card" aria-labelledby="upload-title">
      <h2 id="upload-title">{t("documents.uploadTitle")}</h2>
      <Alert tone="info" live={false} title={t("documents.requirementsTitle")}>
        <ul className="requirements">
          <li>{t("documents.requirements.types")}</li>
          <li>{t("documents.requirements.dpi")}</li>
          <li>{t("documents.requirements.size")}</li>
          <li>{t("documents.requirements.whole")}</li>
        </ul>
      </Alert>
      {done ? <Alert tone="success">{done}</Alert> : null}
      {failure ? <ProblemAlert error={failure} /> : null}
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={`${inputId}-kind`}>
            {t("documents.kind")}
          </label>
          <select
            id={`${inputId}-kind`}
            className="input select"
            value={kind}
            onChange={(event) => setKind(event.target.value as DocumentKind)}
            disabled={uploading}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`documents.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        {kind === "birth_certificate" && childOptions.length > 0 ? (
          <div className="field">
            <label className="field__label" htmlFor={`${inputId}-child`}>
              {t("documents.child")}
              <span className="field__optional"> {t("form.optional")}</span>
            </label>
            <select
              id={`${inputId}-child`}
              className="input select"
              value={childId}
              onChange={(event) => setChildId(event.target.value)}
              disabled={uploading}
            >
              <option value="">{t("documents.childNone")}</option>
              {childOptions.map((child) => (
                <option key={child.id} value={child.id}>
                  {fullName(child)}
                </option>
              ))}
            </select>
          </div>
        ) : null}

        <div className={`field ${fileError ? "field--invalid" : ""}`}>
          <span className="field__label" id={`${inputId}-label`}>
            {t("documents.file")}
          </span>
          <input
            ref={input}
            id={inputId}
            type="file"
            name="file"
            className="file-input"
            accept={ACCEPT_ATTRIBUTE}
            aria-labelledby={`${inputId}-label ${inputId}-choose`}
            aria-describedby={[hintId, fileError ? errorId : null].filter(Boolean).join(" ")}
            aria-invalid={fileError ? true : undefined}
            disabled={uploading}
            onChange={(event) => choose(event.target.files?.[0] ?? null)}
          />
          <label
            htmlFor={inputId}
            className={`file-drop ${dragging ? "file-drop--over" : ""}`}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <UploadIcon className="file-drop__icon" />
            <span id={`${inputId}-choose`} className="file-drop__action">
              {file ? t("documents.chooseOther") : t("documents.choose")}
            </span>
            <span id={hintId} className="file-drop__hint">
              {t("documents.chooseHint")}
            </span>
          </label>
          {file ? (
            <div className="file-preview">
              <Preview file={file} />
              <div className="file-preview__meta">
                <p className="file-preview__name">{file.name}</p>
                <p className="muted">{formatFileSize(file.size, locale)}</p>
              </div>
            </div>
          ) : null}
          {fileError ? (
            <p id={errorId} className="field__error">
              <ErrorIcon className="field__error-icon" width={18} height={18} />
              <span>{fileError}</span>
            </p>
          ) : null}
        </div>

        {uploading ? (
          <div className="upload-progress">
            <label htmlFor={`${inputId}-progress`}>{t("documents.progress", { percent })}</label>
            <progress id={`${inputId}-progress`} max={100} value={percent} />
          </div>
        ) : null}

        <div className="form__actions">
          {uploading ? (
            <Button variant="secondary" onClick={() => abort.current?.abort()}>
              {t("documents.cancelUpload")}
            </Button>
          ) : null}
          <Button type="submit" busy={uploading}>
            {t("documents.upload")}
          </Button>
        </div>
      </form>
    </section>
  );
}
