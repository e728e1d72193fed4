/**
 * The services this site offers, as a small catalogue: «Образование → Электронный
 * дневник → Подключить электронный дневник» (the seed's «Через каталог услуг»), and the
 * words people type to find them («Через строку поиска»). Titles and texts live in i18n
 * (services.items.<id>); the search words below are in both languages, plus the
 * colloquial and misspelt-prone forms (lib/search.ts forgives one or two typos).
 */

export type CategoryId = "education" | "help";
export type ServiceId = "electronic-diary" | "school-connection" | "support";

export interface Service {
  id: ServiceId;
  category: CategoryId;
  /** Where the service's page is. */
  path: string;
  /** Where its main action goes (the form). */
  actionPath: string;
  keywords: readonly string[];
}

export const CATEGORIES: readonly CategoryId[] = ["education", "help"];

export const SERVICES: readonly Service[] = [
  {
    id: "electronic-diary",
    category: "education",
    path: "/services/education/electronic-diary",
    actionPath: "/applications/new",
    keywords: [
      "электронный дневник",
      "дневник ученика",
      "дневник школьника",
      "школьный дневник",
      "электронный журнал",
      "подключить дневник",
      "подключение дневника",
      "заявление на дневник",
      "оценки ребёнка",
      "эд",
      "electronic diary",
      "school diary",
      "connect diary",
    ],
  },
  {
    id: "school-connection",
    category: "education",
    path: "/services/education/school-connection",
    actionPath: "/services/education/school-connection#find-school",
    keywords: [
      "подключение школы",
      "школа не подключена",
      "подключить школу",
      "нет школы в списке",
      "запрос на подключение",
      "электронный дневник школа",
      "school connection",
      "connect school",
    ],
  },
  {
    id: "support",
    category: "help",
    path: "/services/help/support",
    actionPath: "/support/new",
    keywords: [
      "техподдержка",
      "техническая поддержка",
      "служба поддержки",
      "обращение",
      "ошибка",
      "не работает",
      "проблема",
      "жалоба",
      "support",
      "help",
      "problem",
    ],
  },
];

export function servicesIn(category: CategoryId): Service[] {
  return SERVICES.filter((service) => service.category === category);
}

export function findService(category: string | undefined, id: string | undefined): Service | undefined {
  return SERVICES.find((service) => service.category === category && service.id === id);
}

export function isCategory(value: string | undefined): value is CategoryId {
  return (CATEGORIES as readonly string[]).includes(value ?? "");
}
