import { useTranslation } from "react-i18next";

const AUDIENCES = ["parents", "students", "teachers"] as const;

export function AudienceList() {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="audience-title">
      <h2 id="audience-title">{t("home.audienceTitle")}</h2>
      <ul className="audience-grid">
        {AUDIENCES.map((audience) => (
          <li key={audience} className="audience">
            <h3>{t(`home.${audience}.title`)}</h3>
            <p>{t(`home.${audience}.text`)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
