import { useMemo, useState, type Ref } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { Combobox } from "@/components/ui/Combobox";

import { SERVICES, type Service } from "../lib/catalog";
import { searchServices } from "../lib/search";

import { SearchIcon } from "./SearchIcon";

/** The services with their titles in the interface language, ready for the search. */
export function useSearchableServices() {
  const { t, i18n } = useTranslation();
  return useMemo(
    () =>
      SERVICES.map((service) => ({
        ...service,
        title: t(`services.items.${service.id}.title`),
        summary: t(`services.items.${service.id}.summary`),
      })),
    // The titles change with the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language],
  );
}

export type SearchableService = Service & { title: string; summary: string };

/**
 * «Найти услугу»: suggestions as you type, ↓/↑ and Enter to open one; Enter on the text
 * itself shows every result on /services?q=….
 */
export function ServiceSearch({
  initialQuery = "",
  autoFocus,
  inputRef,
  onDone,
  className,
}: {
  initialQuery?: string;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  onDone?: () => void;
  className?: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const services = useSearchableServices();
  const [query, setQuery] = useState(initialQuery);
  const results = useMemo(() => (query.trim() ? searchServices(query, services) : []), [query, services]);

  return (
    <form
      role="search"
      className={["service-search", className].filter(Boolean).join(" ")}
      aria-label={t("services.search.label")}
      onSubmit={(event) => {
        event.preventDefault();
        onDone?.();
        navigate(`/services?q=${encodeURIComponent(query.trim())}`);
      }}
    >
      <Combobox<SearchableService>
        label={t("services.search.label")}
        name="q"
        inputValue={query}
        onInputChange={setQuery}
        options={results}
        getKey={(service) => service.id}
        renderOption={(service) => (
          <>
            <span className="service-search__title">{service.title}</span>
            <span className="service-search__summary">{service.summary}</span>
          </>
        )}
        onSelect={(service) => {
          setQuery(service.title);
          onDone?.();
          navigate(service.path);
        }}
        onEnterText={(text) => {
          onDone?.();
          navigate(`/services?q=${encodeURIComponent(text.trim())}`);
        }}
        status={query.trim() ? t("services.search.found", { count: results.length }) : null}
        empty={t("services.search.nothing")}
        placeholder={t("services.search.placeholder")}
        autoFocus={autoFocus}
        inputRef={inputRef}
        className="service-search__field"
      />
      <button type="submit" className="button button--primary service-search__submit">
        <SearchIcon />
        <span>{t("services.search.submit")}</span>
      </button>
    </form>
  );
}
