import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState, type Ref } from "react";
import { useTranslation } from "react-i18next";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";
import { byName, useRegions } from "@/lib/regions";
import { useDebouncedValue } from "@/lib/use-debounced-value";

import { Combobox } from "./Combobox";
import { StatusBadge } from "./StatusBadge";

import "./school-search.css";

export type SchoolListItem = components["schemas"]["SchoolListItem"];

export const SCHOOL_SEARCH_DELAY_MS = 300;
const SUGGESTIONS = 10;

/** GET /api/v1/schools?q=&region= — public, typo-tolerant (docs/schools.md). */
export function useSchoolSearch(query: string, region: string) {
  const q = query.trim();
  return useQuery({
    queryKey: ["schools", "search", q, region],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/schools", {
          params: { query: { q, region: region || undefined, limit: SUGGESTIONS } },
          signal,
        }),
      ),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

/** «Подключена» / «Не подключена» as a badge (word + icon, never colour alone). */
export function SchoolConnectedBadge({ connected }: { connected: boolean }) {
  const { t } = useTranslation();
  return (
    <StatusBadge tone={connected ? "ok" : "action"}>
      {connected ? t("schools.connected") : t("schools.notConnected")}
    </StatusBadge>
  );
}

/**
 * The school from the register: a region filter and a search field whose suggestions come
 * as you type (debounced), each with its address and whether it uses the diary.
 */
export function SchoolCombobox({
  onSelect,
  error,
  inputRef,
  initialText = "",
  autoFocus,
}: {
  onSelect: (school: SchoolListItem) => void;
  error?: string | null;
  inputRef?: Ref<HTMLInputElement>;
  initialText?: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const regionId = useId();
  const [text, setText] = useState(initialText);
  const [region, setRegion] = useState("");
  const debounced = useDebouncedValue(text, SCHOOL_SEARCH_DELAY_MS);
  const search = useSchoolSearch(debounced, region);
  const typedEnough = text.trim().length >= 2;
  const items = typedEnough && search.data ? search.data.items : [];
  const all = useRegions();
  const regions = useMemo(() => byName(all), [all]);

  let status: string | null = null;
  if (typedEnough && search.isFetching) status = t("schools.search.searching");
  else if (typedEnough && search.isError) status = t("schools.search.failed");
  else if (typedEnough && search.data)
    status =
      search.data.total > items.length
        ? t("schools.search.foundMore", { count: search.data.total, shown: items.length })
        : t("schools.search.found", { count: search.data.total });

  return (
    <div className="school-search">
      <div className="field">
        <label className="field__label" htmlFor={regionId}>
          {t("schools.search.region")} <span className="field__optional">{t("form.optional")}</span>
        </label>
        <select
          id={regionId}
          name="region"
          className="input select"
          value={region}
          onChange={(event) => setRegion(event.target.value)}
        >
          <option value="">{t("schools.search.allRegions")}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
      </div>
      <Combobox<SchoolListItem>
        label={t("schools.search.label")}
        name="school_id"
        hint={t("schools.search.hint")}
        placeholder={t("schools.search.placeholder")}
        inputValue={text}
        onInputChange={setText}
        options={items}
        getKey={(school) => school.id}
        renderOption={(school) => (
          <>
            <span className="school-option__name">{school.short_name}</span>
            <span className="school-option__address">
              {school.address}
              {region ? null : ` · ${school.region_name}`}
            </span>
            <span className="school-option__badge">
              <SchoolConnectedBadge connected={school.connected} />
            </span>
          </>
        )}
        onSelect={(school) => {
          setText(school.short_name);
          onSelect(school);
        }}
        status={status}
        empty={
          !typedEnough
            ? t("schools.search.typeMore")
            : search.isError
            ? t("schools.search.failed")
            : search.isFetching || debounced.trim() !== text.trim()
              ? t("schools.search.searching")
              : t("schools.search.nothing")
        }
        error={error}
        inputRef={inputRef}
        autoFocus={autoFocus}
      />
    </div>
  );
}
