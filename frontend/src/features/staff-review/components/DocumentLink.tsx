import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { formatDate, formatFileSize } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { fetchDocument, type Application } from "../api/review";

type DocumentBrief = Application["attachments"][number];

/** A document of the application: kind, date, size and «Открыть» (fetched with the token, audited). */
export function DocumentLink({ applicationId, document }: { applicationId: string; document: DocumentBrief }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const [url, setUrl] = useState<string | null>(null);
  const [state, setState] = useState<"idle" | "loading" | "error">("idle");

  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);

  const kind = t(`applications.documentKinds.${document.kind}`);
  return (
    <li className="doc-link">
      <span className="doc-link__name">
        {kind}
        <span className="muted">
          {" · "}
          {formatDate(document.created_at, { locale })} · {formatFileSize(document.size, locale)}
        </span>
      </span>
      {url ? (
        <a href={url} target="_blank" rel="noopener noreferrer" className="button button--secondary doc-link__open">
          {t("staffReview.detail.openDocument")}
          <span className="visually-hidden">: {kind}</span>
        </a>
      ) : (
        <button
          type="button"
          className="button button--secondary doc-link__open"
          aria-busy={state === "loading" || undefined}
          onClick={async () => {
            setState("loading");
            try {
              const blob = await fetchDocument(applicationId, document.id);
              const objectUrl = URL.createObjectURL(blob);
              setUrl(objectUrl);
              setState("idle");
              window.open(objectUrl, "_blank", "noopener");
            } catch {
              setState("error");
            }
          }}
        >
          {t("staffReview.detail.loadDocument")}
          <span className="visually-hidden">: {kind}</span>
        </button>
      )}
      {state === "error" ? <span className="field__error">{t("staffReview.detail.documentFailed")}</span> : null}
    </li>
  );
}
