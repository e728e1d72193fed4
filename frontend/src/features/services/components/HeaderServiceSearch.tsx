import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";

import { SearchIcon } from "./SearchIcon";
import { ServiceSearch } from "./ServiceSearch";

import "../services.css";

/**
 * «Найти услугу» in the header (the seed's «Через строку поиска»): a button that opens the
 * search under the header, focused; Escape or a click elsewhere closes it.
 */
export function HeaderServiceSearch() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();

  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      // The combobox handles its own Escape first (closing its list, then clearing).
      if (event.key === "Escape" && !event.defaultPrevented) {
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

  return (
    <div className="header-search" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="header-tool"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((on) => !on)}
      >
        <SearchIcon />
        <span>{t("services.search.open")}</span>
      </button>
      <div id={panelId} className="header-search__panel" hidden={!open}>
        {open ? <ServiceSearch autoFocus onDone={() => setOpen(false)} /> : null}
      </div>
    </div>
  );
}
