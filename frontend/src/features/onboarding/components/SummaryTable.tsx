import { useTranslation } from "react-i18next";

import { ENTITIES, OUTCOMES, type ImportSummary } from "../api/onboarding";

/** Counts per entity: what the file creates, changes, leaves and rejects. */
export function SummaryTable({ summary, preview }: { summary: ImportSummary; preview: boolean }) {
  const { t } = useTranslation();
  const tense = preview ? "preview" : "applied";
  return (
    <div className="onboarding__scroll">
      <table className="onboarding__table onboarding__table--summary">
        <caption>{t(`onboarding.summary.caption.${tense}`)}</caption>
        <thead>
          <tr>
            <th scope="col">{t("onboarding.summary.entity")}</th>
            {OUTCOMES.map((outcome) => (
              <th scope="col" key={outcome} className="onboarding__number">
                {t(`onboarding.summary.${tense}.${outcome}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ENTITIES.map((entity) => (
            <tr key={entity}>
              <th scope="row">{t(`onboarding.entities.${entity}`)}</th>
              {OUTCOMES.map((outcome) => {
                const value = summary[entity]?.[outcome] ?? 0;
                const flagged = outcome === "rejected" && value > 0;
                return (
                  <td
                    key={outcome}
                    data-label={t(`onboarding.summary.${tense}.${outcome}`)}
                    className={flagged ? "onboarding__number onboarding__number--rejected" : "onboarding__number"}
                  >
                    {value}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
