import { Suspense, useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, useLocation } from "react-router";

import { Footer } from "./Footer";
import { Header } from "./Header";

export const MAIN_CONTENT_ID = "main-content";

function RouteFallback() {
  const { t } = useTranslation();
  return (
    <div className="container page" role="status">
      <p className="route-loading">{t("app.loading")}</p>
    </div>
  );
}

/**
 * `headerTools`: what features add to the header's tools (the notifications bell);
 * `headerSearch`: the service search («Найти услугу»).
 */
export function AppLayout({ headerTools, headerSearch }: { headerTools?: ReactNode; headerSearch?: ReactNode } = {}) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After in-app navigation, start the reader (and a screen reader) at the new page.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <div className="app-shell">
      <a className="skip-link" href={`#${MAIN_CONTENT_ID}`}>
        {t("app.skipToContent")}
      </a>
      <Header tools={headerTools} search={headerSearch} />
      <main id={MAIN_CONTENT_ID} ref={mainRef} tabIndex={-1} className="site-main">
        <Suspense fallback={<RouteFallback />}>
          <Outlet />
        </Suspense>
      </main>
      <Footer />
    </div>
  );
}
