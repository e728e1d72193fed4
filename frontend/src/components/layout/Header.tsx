import { useEffect, useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

import { CloseIcon, LogoMark, MenuIcon } from "@/components/ui/icons";

import { AccessibilityToggle } from "./AccessibilityToggle";
import { AccountMenu } from "./AccountMenu";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { MainNav, NavBadge } from "./MainNav";
import { useRoleNavItems } from "./RoleNav";

/**
 * `tools`: header tools that features bring (the notifications bell); `search`: the
 * service search («Найти услугу»); both from app/router.tsx.
 */
export function Header({ tools, search }: { tools?: ReactNode; search?: ReactNode } = {}) {
  const { t } = useTranslation();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const panelId = useId();
  // On phones «Сообщения» is folded into «Меню»: its unread count shows on the button.
  const unread = useRoleNavItems().reduce((sum, item) => sum + (item.badge ?? 0), 0);

  // Any navigation (a link, Back, Forward) closes the phone menu.
  useEffect(() => {
    setMenuOpen(false);
  }, [location.pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setMenuOpen(false);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [menuOpen]);

  return (
    <header className="site-header">
      <div className="container site-header__bar">
        <Link to="/" className="brand">
          <LogoMark className="brand__mark" />
          <span className="brand__name">{t("app.name")}</span>
        </Link>

        {/* On phones the tools (the bell) stay in the bar, outside the folded menu. */}
        {tools ? <div className="site-header__bar-tools">{tools}</div> : null}

        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls={panelId}
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? <CloseIcon /> : <MenuIcon />}
          <span>{t("nav.menu")}</span>
          {menuOpen ? null : <NavBadge count={unread} />}
        </button>

        <div id={panelId} className="site-header__panel" data-open={menuOpen}>
          <MainNav onNavigate={() => setMenuOpen(false)} />
          {search}
          <div className="site-header__tools">
            <AccessibilityToggle />
            <LanguageSwitcher />
          </div>
          <div className="site-header__account">
            {tools}
            <AccountMenu />
          </div>
        </div>
      </div>
    </header>
  );
}
