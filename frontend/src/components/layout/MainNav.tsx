import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, useLocation } from "react-router";

import { ChevronDownIcon } from "@/components/ui/icons";

import { useRoleNavItems, type NavItem } from "./RoleNav";

const GENERAL = [
  { to: "/", key: "nav.home", end: true },
  { to: "/services", key: "services.nav", end: false },
  { to: "/status", key: "nav.status", end: false },
] as const;

function isCurrent(pathname: string, item: NavItem): boolean {
  if (item.end || item.to === "/") return pathname === item.to;
  return pathname === item.to || pathname.startsWith(`${item.to}/`);
}

/**
 * Of links nested in one another («Журнал» /teach and «Объяснительные» /teach/absence-notes),
 * only the most specific is current: the others get `end` so their sub-paths do not match.
 */
export function markMostSpecific(items: NavItem[], pathname: string): NavItem[] {
  const best = items
    .filter((item) => isCurrent(pathname, item))
    .reduce<NavItem | undefined>((found, item) => (found && found.to.length >= item.to.length ? found : item), undefined);
  return items.map((item) => (best && best.to !== item.to ? { ...item, end: true } : item));
}

/**
 * How many of `count` links fit in the row beside «Ещё»: measured on an invisible copy of
 * the row (`measure`), again whenever the row, the labels or the font size change.
 */
function useLinksThatFit(count: number, alwaysMore: boolean) {
  const nav = useRef<HTMLElement>(null);
  const measure = useRef<HTMLUListElement>(null);
  const [fit, setFit] = useState(count);

  const update = useCallback(() => {
    const row = nav.current;
    const copy = measure.current;
    if (!row || !copy) return;
    const cells = [...copy.children].map((el) => el.getBoundingClientRect().width);
    const more = cells.pop() ?? 0;
    const gap = Number.parseFloat(getComputedStyle(copy).columnGap) || 0;
    const room = row.clientWidth;
    // Phones (the copy is not displayed) and test DOMs without layout: every link fits.
    if (more === 0 || room === 0) return setFit(count);
    const widths = cells.slice(0, count);
    const total = (n: number) => widths.slice(0, n).reduce((sum, w) => sum + w + gap, 0);
    let n = count;
    if (alwaysMore || total(count) - gap > room) {
      while (n > 0 && total(n) + more > room) n -= 1;
    }
    setFit(n);
  }, [count, alwaysMore]);

  useLayoutEffect(() => {
    update();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => update());
    if (nav.current) observer.observe(nav.current);
    if (measure.current) observer.observe(measure.current);
    return () => observer.disconnect();
  }, [update]);

  return { nav, measure, fit: Math.min(fit, count) };
}

/**
 * The main navigation. One row on wide screens: the user's own sections first, and the
 * rest (Главная, Услуги, Состояние сервиса, and sections that do not fit) under «Ещё», a
 * disclosure button. On phones it is a plain list inside the header's «Меню».
 */
export function MainNav({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const own = markMostSpecific(useRoleNavItems(), pathname);
  const general: NavItem[] = GENERAL.map((item) => ({ to: item.to, end: item.end, label: t(item.key) }));
  // Visitors (and accounts without sections of their own) see the general links in the row.
  const primary = own.length > 0 ? own : general;
  const secondary = own.length > 0 ? general : [];
  const { nav, measure, fit } = useLinksThatFit(primary.length, secondary.length > 0);
  const more = [...primary.slice(fit), ...secondary];

  return (
    <nav className="main-nav" aria-label={t("nav.label")} ref={nav}>
      <ul className="main-nav__list">
        {primary.slice(0, fit).map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.end} className="main-nav__link" onClick={onNavigate}>
              {item.label}
              <NavBadge count={item.badge} />
            </NavLink>
          </li>
        ))}
        {more.length > 0 ? <MoreLinks items={more} onNavigate={onNavigate} /> : null}
      </ul>
      <ul className="main-nav__list main-nav__measure" ref={measure} aria-hidden="true">
        {primary.map((item) => (
          <li key={item.to}>
            <span className="main-nav__link">{item.label}</span>
          </li>
        ))}
        <li>
          <span className="main-nav__link main-nav__more-toggle">
            {t("nav.more")}
            <ChevronDownIcon />
          </span>
        </li>
      </ul>
    </nav>
  );
}

/** An unread count after a link's label, read out as «непрочитанных: N». */
export function NavBadge({ count }: { count: number | undefined }) {
  const { t } = useTranslation();
  if (!count) return null;
  return (
    <span className="main-nav__badge">
      <span className="visually-hidden">{t("nav.unreadPrefix")}</span>
      {count > 99 ? "99+" : count}
    </span>
  );
}

/** «Ещё»: a button that shows the other links (Escape or a click elsewhere hides them). */
function MoreLinks({ items, onNavigate }: { items: NavItem[]; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const root = useRef<HTMLLIElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      toggle.current?.focus();
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

  const current = items.some((item) => isCurrent(pathname, item));
  // An unread count behind the closed «Ещё» would be seen by no one: the toggle carries it.
  const hidden = items.reduce((sum, item) => sum + (item.badge ?? 0), 0);
  return (
    <li
      className="main-nav__more"
      ref={root}
      onBlur={(event) => {
        // Tabbing past the last link closes the list.
        if (open && !root.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="main-nav__link main-nav__more-toggle"
        data-current={current || undefined}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((on) => !on)}
      >
        {t("nav.more")}
        {open ? null : <NavBadge count={hidden} />}
        <ChevronDownIcon className="main-nav__chevron" />
      </button>
      <ul id={listId} className="main-nav__more-list" data-open={open} aria-label={t("nav.moreLabel")}>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              end={item.end}
              className="main-nav__link main-nav__more-link"
              onClick={() => {
                setOpen(false);
                onNavigate();
              }}
            >
              {item.label}
              <NavBadge count={item.badge} />
            </NavLink>
          </li>
        ))}
      </ul>
    </li>
  );
}
