import { describe, expect, it } from "vitest";

import { i18n } from "@/lib/i18n";

import { SERVICES } from "./catalog";
import { editDistance, searchServices, words } from "./search";

const services = SERVICES.map((service) => ({ ...service, title: i18n.t(`services.items.${service.id}.title`) }));
const first = (query: string) => searchServices(query, services)[0]?.id;

describe("«Найти услугу»", () => {
  it.each(["дневник", "электронный дневник", "дневник ученика", "Электронный Дневник", "школьный дневник", "ЭД"])(
    "finds «Электронный дневник» for «%s»",
    (query) => {
      expect(first(query)).toBe("electronic-diary");
    },
  );

  it.each(["днивник", "электроный дневник", "дневнек учиника", "электронный днев"])(
    "forgives typos and unfinished words: «%s»",
    (query) => {
      expect(first(query)).toBe("electronic-diary");
    },
  );

  it("finds the other services by their words", () => {
    expect(first("школа не подключена")).toBe("school-connection");
    expect(first("техподдержка")).toBe("support");
    expect(first("не работает")).toBe("support");
  });

  it("finds nothing for unrelated words", () => {
    expect(searchServices("загранпаспорт", services)).toEqual([]);
    expect(searchServices("", services)).toEqual([]);
  });

  it("folds ё and punctuation", () => {
    expect(words("«Ребёнок», №5!")).toEqual(["ребенок", "5"]);
  });

  it("counts a swap of two letters as one edit", () => {
    expect(editDistance("дневинк", "дневник")).toBe(1);
    expect(editDistance("дневник", "журнал", 2)).toBe(3);
  });
});
