import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";

import { useRejectedRows } from "../api/onboarding";

const PAGE = 50;

/** The rejected rows with where they are and why, so the file can be fixed. */
export function RejectedRows({ importId, total }: { importId: string; total: number }) {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(PAGE);
  const rows = useRejectedRows(importId, total > 0, Math.min(limit, 200));
  if (total === 0) return null;
  return (
    <section className="onboarding__rejected" aria-labelledby="rejected-title">
      <h2 id="rejected-title">{t("onboarding.rejected.title", { count: total })}</h2>
      <p>{t("onboarding.rejected.hint")}</p>
      {rows.isPending ? (
        <Skeleton height="8rem" />
      ) : rows.isError ? (
        <ProblemAlert error={rows.error} />
      ) : (
        <>
          <div className="onboarding__scroll">
            <table className="onboarding__table onboarding__table--rows">
              <thead>
                <tr>
                  <th scope="col">{t("onboarding.rejected.file")}</th>
                  <th scope="col" className="onboarding__number">{t("onboarding.rejected.row")}</th>
                  <th scope="col">{t("onboarding.rejected.field")}</th>
                  <th scope="col">{t("onboarding.rejected.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.data.items.map((row, index) => (
                  <tr key={`${row.file}-${row.row}-${row.field}-${index}`}>
                    <td data-label={t("onboarding.rejected.file")}>{row.file}</td>
                    <td data-label={t("onboarding.rejected.row")} className="onboarding__number">
                      {row.row}
                    </td>
                    <td data-label={t("onboarding.rejected.field")}>{row.field}</td>
                    <td data-label={t("onboarding.rejected.reason")}>{row.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.data.total > rows.data.items.length && limit < 200 ? (
            <Button variant="secondary" onClick={() => setLimit(limit + PAGE * 3)}>
              {t("onboarding.rejected.more", { shown: rows.data.items.length, total: rows.data.total })}
            </Button>
          ) : null}
        </>
      )}
    </section>
  );
}
