import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";

import { fetchDocument } from "../api/operator-api";

/** The scan itself, fetched with the operator's token (the read is audited) and shown inline. */
export function DocumentViewer({
  accountId,
  documentId,
  title,
  contentType,
  onClose,
}: {
  accountId: string;
  documentId: string;
  title: string;
  contentType: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    fetchDocument(accountId, documentId)
      .then((blob) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch((error: unknown) => !cancelled && setFailure(error));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [accountId, documentId]);

  return (
    <div className="doc-viewer" role="region" aria-label={title}>
      <div className="doc-viewer__bar">
        <p className="doc-viewer__title">{title}</p>
        <Button variant="secondary" onClick={onClose}>
          {t("operator.closeDocument")}
        </Button>
      </div>
      {failure ? (
        <ProblemAlert error={failure} />
      ) : !url ? (
        <p role="status" className="doc-viewer__loading">
          {t("operator.documentLoading")}
        </p>
      ) : contentType.startsWith("image/") ? (
        <img className="doc-viewer__image" src={url} alt={title} />
      ) : (
        <>
          <iframe className="doc-viewer__frame" src={url} title={title} />
          <p>
            <a href={url} target="_blank" rel="noreferrer">
              {t("operator.openInTab")}
            </a>
          </p>
        </>
      )}
    </div>
  );
}
