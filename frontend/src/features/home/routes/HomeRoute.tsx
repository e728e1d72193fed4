import { useTranslation } from "react-i18next";

import { PageTitle } from "@/components/ui/PageTitle";

import { AudienceList } from "../components/AudienceList";
import { EntryCards } from "../components/EntryCards";

export default function HomeRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle />
      <div className="hero">
        <div className="container">
          <h1 className="hero__title">{t("home.title")}</h1>
          <p className="hero__lead">{t("home.lead")}</p>
        </div>
      </div>
      <div className="container page">
        <EntryCards />
        <AudienceList />
      </div>
    </>
  );
}
