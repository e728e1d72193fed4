import { useTranslation } from "react-i18next";

export function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>{t("footer.product")}</p>
        <p>{t("footer.version", { version: __APP_VERSION__ })}</p>
      </div>
    </footer>
  );
}
