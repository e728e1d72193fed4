import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, useLocation, useNavigate } from "react-router";

import { ChevronDownIcon, UserIcon } from "@/components/ui/icons";
import { hasAnyRole, OPERATOR_ROLES, useLogout, useMe, useSession } from "@/lib/auth/hooks";
import { shortName } from "@/lib/format";

/**
 * The header's account entry: «Войти» and «Регистрация» for visitors; the user's name
 * with a menu (Профиль, Дети, Безопасность, Оператор, Выйти) once signed in.
 */
export function AccountMenu() {
  const { t } = useTranslation();
  const { status } = useSession();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => setOpen(false), [location.pathname]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        toggle.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  // "error": the server could not be reached to continue the session, which may well be
  // alive (the offline diary is showing). «Войти» there would tell a signed-in parent
  // that they were logged out; the page itself says there is no connection.
  if (status === "unknown" || status === "error") {
    return <span className="account-placeholder" aria-hidden="true" />;
  }

  if (status !== "signed-in") {
    return (
      <div className="account-entry">
        <Link to="/login" className="header-tool header-tool--strong">
          {t("account.login")}
        </Link>
        <Link to="/register" className="button button--primary account-entry__register">
          {t("account.register")}
        </Link>
      </div>
    );
  }

  const name = me.data ? shortName(me.data) : t("account.myAccount");
  const items = [
    { to: "/profile", label: t("account.profile") },
    { to: "/children", label: t("account.children") },
    { to: "/security", label: t("account.security") },
    ...(hasAnyRole(me.data, OPERATOR_ROLES) ? [{ to: "/operator", label: t("account.operator") }] : []),
  ];

  return (
    <div className="account-menu" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="header-tool account-menu__toggle"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((on) => !on)}
      >
        <UserIcon />
        <span className="account-menu__name">
          <span className="visually-hidden">{t("account.menuFor")} </span>
          {name}
        </span>
        <ChevronDownIcon className="account-menu__chevron" />
      </button>
      <div id={menuId} className="account-menu__panel" hidden={!open}>
        <ul className="account-menu__list">
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end className="account-menu__link" onClick={() => setOpen(false)}>
                {item.label}
              </NavLink>
            </li>
          ))}
          <li>
            <button
              type="button"
              className="account-menu__link account-menu__logout"
              aria-busy={leaving || undefined}
              onClick={async () => {
                if (leaving) return;
                setLeaving(true);
                await logout();
                setLeaving(false);
                setOpen(false);
                navigate("/login", { state: { notice: "loggedOut" } });
              }}
            >
              {t("account.logout")}
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}
