import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useSession } from "@/lib/auth/hooks";

/**
 * Where to start: a visitor registers or logs in; a signed-in parent goes on to the
 * children and the profile.
 */
export function EntryCards() {
  const { t } = useTranslation();
  const { status } = useSession();
  const signedIn = status === "signed-in";
  const entries = signedIn
    ? [
        { key: "apply", to: "/children", action: t("home.apply.actionSignedIn") },
        { key: "diary", to: "/profile", action: t("home.diary.actionSignedIn") },
      ]
    : [
        { key: "apply", to: "/register", action: t("home.apply.action") },
        { key: "diary", to: "/login", action: t("home.diary.action") },
      ];
  return (
    <section className="section" aria-labelledby="entry-title">
      <h2 id="entry-title">{t("home.entryTitle")}</h2>
      <ul className="entry-grid">
        {entries.map((entry) => (
          <li key={entry.key} className="card entry-card">
            <h3 className="entry-card__title">{t(`home.${entry.key as "apply" | "diary"}.title`)}</h3>
            <p>{t(`home.${entry.key as "apply" | "diary"}.text`)}</p>
            <Link to={entry.to} className="button button--primary entry-card__button">
              {entry.action}
            </Link>
          </li>
        ))}
      </ul>
      <p className="entry-status">
        <Link to="/status">{t("home.checkStatus")}</Link>
      </p>
    </section>
  );
}
