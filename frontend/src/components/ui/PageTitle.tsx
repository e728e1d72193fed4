import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Sets the document title: «Состояние сервиса — Электронный дневник». Renders nothing. */
export function PageTitle({ title }: { title?: string }) {
  const { t } = useTranslation();
  const name = t("app.name");
  const full = title ? `${title} — ${name}` : name;
  useEffect(() => {
    document.title = full;
  }, [full]);
  return null;
}
