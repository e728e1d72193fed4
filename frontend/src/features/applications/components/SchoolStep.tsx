import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { SchoolCombobox, SchoolConnectedBadge, type SchoolListItem } from "@/components/ui/SchoolCombobox";

import { useSchool } from "../api/applications";

/**
 * Шаг 2 «Школа»: the school from the register («выбрать название школы из списка
 * доступных учреждений»). A school that does not use the diary yet is explained, with the
 * way to ask for its connection (the seed's «Что делать, если школа не подключена»).
 */
export function SchoolStep({
  schoolId,
  schoolName,
  applicationId,
  onSelect,
  error,
}: {
  schoolId: string | null;
  schoolName: string | null;
  applicationId: string;
  onSelect: (school: SchoolListItem) => void;
  error?: string | null;
}) {
  const { t } = useTranslation();
  const school = useSchool(schoolId);
  const data = school.data;
  return (
    <div className="stack">
      <SchoolCombobox onSelect={onSelect} error={error} initialText={schoolName ?? ""} />
      {schoolId ? (
        <section className="chosen" aria-labelledby="chosen-school">
          <h3 id="chosen-school" className="chosen__title">
            {t("applications.school.chosen")}
          </h3>
          <p className="chosen__name">{data?.short_name ?? schoolName}</p>
          {data ? (
            <>
              <p className="muted">{data.full_name}</p>
              <p className="muted">
                {data.address} · {data.region_name}
              </p>
              <p>
                <SchoolConnectedBadge connected={data.connected} />
              </p>
            </>
          ) : null}
        </section>
      ) : null}
      {data && !data.connected ? (
        <Alert tone="warning" live={false} title={t("applications.school.notConnectedTitle")}>
          <p>{t("applications.school.notConnectedText")}</p>
          <ol className="next-steps">
            <li>{t("applications.school.notConnectedStep1")}</li>
            <li>{t("applications.school.notConnectedStep2")}</li>
            <li>{t("applications.school.notConnectedStep3")}</li>
          </ol>
          <Link to={`/schools/${data.id}/connect?application=${applicationId}`} className="button button--primary">
            {t("applications.school.requestConnection")}
          </Link>
        </Alert>
      ) : null}
    </div>
  );
}
