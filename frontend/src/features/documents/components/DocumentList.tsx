import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { FileIcon } from "@/components/ui/icons";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate, formatFileSize, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { downloadDocument, useChildrenNames, useDeleteDocument, useDocuments, type DocumentItem } from "../api/documents-api";

const EXTENSIONS: Record<string, string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" };
const LABELS: Record<string, string> = { "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG" };

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function DocumentRow({ doc, childName }: { doc: DocumentItem; childName: string | null }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const remove = useDeleteDocument();
  const [confirming, setConfirming] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const kind = t(`documents.kinds.${doc.kind}`);
  const statusTone = doc.status === "verified" ? "ok" : doc.status === "rejected" ? "error" : "neutral";

  return (
    <li className="doc-row">
      <FileIcon className="doc-row__icon" label={LABELS[doc.content_type]} width={36} height={42} />
      <div className="doc-row__main">
        <p className="doc-row__title">
          {kind}
          {childName ? <span className="muted"> — {childName}</span> : null}
        </p>
        <p className="doc-row__meta">
          {t("documents.uploadedOn", { date: formatDate(doc.created_at, { locale }) })}
          {" · "}
          {LABELS[doc.content_type] ?? doc.content_type}, {formatFileSize(doc.size, locale)}
          {doc.dpi ? ` · ${doc.dpi}\u00a0dpi` : ""}
        </p>
        <p>
          <span className={`badge badge--${statusTone}`}>{t(`documents.status.${doc.status}`)}</span>
        </p>
        {failure ? <ProblemAlert error={failure} /> : null}
        {confirming ? (
          <div className="confirm-box" role="group" aria-label={t("documents.deleteQuestion", { kind })}>
            <p>{t("documents.deleteQuestion", { kind })}</p>
            <div className="form__actions">
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                {t("form.cancel")}
              </Button>
              <Button
                variant="danger"
                busy={remove.isPending}
                onClick={() =>
                  remove.mutate(doc.id, {
                    onError: (error) => {
                      setFailure(error);
                      setConfirming(false);
                    },
                  })
                }
              >
                {t("documents.deleteYes")}
              </Button>
            </div>
          </div>
        ) : (
          <div className="doc-row__actions">
            <Button
              aria-label={`${t("documents.download")}: ${kind}`}
              variant="secondary"
              busy={downloading}
              onClick={async () => {
                setDownloading(true);
                setFailure(null);
                try {
                  const blob = await downloadDocument(doc.id);
                  saveBlob(blob, `${kind}.${EXTENSIONS[doc.content_type] ?? "bin"}`);
                } catch (error) {
                  setFailure(error);
                } finally {
                  setDownloading(false);
                }
              }}
            >
              {t("documents.download")}
            </Button>
            <Button aria-label={`${t("documents.delete")}: ${kind}`} variant="secondary" className="button--danger-outline" onClick={() => setConfirming(true)}>
              {t("documents.delete")}
            </Button>
          </div>
        )}
      </div>
    </li>
  );
}

export function DocumentList() {
  const { t } = useTranslation();
  const documents = useDocuments();
  const children = useChildrenNames();
  const names = new Map((children.data?.items ?? []).map((c) => [c.id, fullName(c)]));

  return (
    <section className="card section-card" aria-labelledby="documents-list-title">
      <h2 id="documents-list-title">{t("documents.listTitle")}</h2>
      {documents.isPending ? (
        <div role="status" aria-busy="true">
          <span className="visually-hidden">{t("documents.loading")}</span>
          <Skeleton width="70%" />
          <Skeleton width="50%" />
        </div>
      ) : documents.isError ? (
        <div className="stack">
          <ProblemAlert error={documents.error} title={t("documents.loadFailed")} />
          <Button onClick={() => void documents.refetch()}>{t("status.retry")}</Button>
        </div>
      ) : documents.data.items.length === 0 ? (
        <Alert tone="info" live={false}>
          <p>{t("documents.empty")}</p>
        </Alert>
      ) : (
        <ul className="doc-list">
          {documents.data.items.map((doc) => (
            <DocumentRow key={doc.id} doc={doc} childName={doc.child_id ? (names.get(doc.child_id) ?? null) : null} />
          ))}
        </ul>
      )}
    </section>
  );
}
