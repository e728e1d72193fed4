import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { ErrorIcon } from "@/components/ui/icons";
import { formatDate, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import type { Child } from "../api/applications";

/** Шаг 1 «Ребёнок»: one of the children of /me/children, or a way to add one. */
export function ChildStep({
  children,
  selected,
  onSelect,
  error,
  locked,
}: {
  children: readonly Child[];
  selected: string | null;
  onSelect: (child: Child) => void;
  error?: string | null;
  /** The draft exists: its child stays (another child is another application). */
  locked?: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const errorId = "child-step-error";

  if (children.length === 0) {
    return (
      <div className="stack">
        <p>{t("applications.child.none")}</p>
        <p>
          <Link to="/children" className="button button--primary">
            {t("applications.child.add")}
          </Link>
        </p>
      </div>
    );
  }

  if (locked) {
    const child = children.find((c) => c.id === selected);
    return (
      <div className="stack">
        {child ? (
          <dl className="facts-list">
            <div>
              <dt>{t("applications.child.name")}</dt>
              <dd>{fullName(child)}</dd>
            </div>
            <div>
              <dt>{t("applications.child.birthDate")}</dt>
              <dd>{formatDate(child.birth_date, { locale })}</dd>
            </div>
          </dl>
        ) : null}
        <p className="muted">
          {t("applications.child.locked")} <Link to="/applications/new">{t("applications.child.other")}</Link>
        </p>
      </div>
    );
  }

  return (
    <fieldset className="fieldset choice-group" aria-describedby={error ? errorId : undefined}>
      <legend className="field__label">{t("applications.child.legend")}</legend>
      {children.map((child) => (
        <label key={child.id} className={`choice-card${selected === child.id ? " choice-card--checked" : ""}`}>
          <input
            type="radio"
            name="child_id"
            value={child.id}
            checked={selected === child.id}
            onChange={() => onSelect(child)}
            aria-invalid={error ? true : undefined}
          />
          <span className="choice-card__body">
            <span className="choice-card__title">{fullName(child)}</span>
            <span className="choice-card__meta">
              {t("applications.child.born", { date: formatDate(child.birth_date, { locale }) })}
              {child.student_id ? ` · ${t("applications.child.enrolled")}` : ""}
            </span>
          </span>
        </label>
      ))}
      {error ? (
        <p id={errorId} className="field__error">
          <ErrorIcon className="field__error-icon" width={18} height={18} />
          <span>{error}</span>
        </p>
      ) : null}
      <p className="form__aside">
        <Link to="/children">{t("applications.child.addAnother")}</Link>
      </p>
    </fieldset>
  );
}
