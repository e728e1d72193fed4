import { useTranslation } from "react-i18next";
import { Link } from "react-router";

// Registration and the diary are not built yet: the cards say so and lead to the
// service status page until their own pages exist.
const ENTRIES = [
  { key: "apply", to: "/status" },
  { key: "diary", to: "/status" },
] as const;

export function EntryCards() {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="entry-title">
      <h2 id="entry-title">{t("home.entryTitle")}</h2>
      <ul className="entry-grid">
        {ENTRIES.map((entry) => (
          <li key={entry.key} className="card entry-card">
            <span className="badge">{t("home.soon")}</span>
            <h3 className="entry-card__title">{t(`home.${entry.key}.title`)}</h3>
            <p>{t(`home.${entry.key}.text`)}</p>
            <Link to={entry.to} className="entry-card__link">
              {t("home.checkStatus")}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
