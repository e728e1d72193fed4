import { Link, Navigate, useParams } from "react-router";
import { useTranslation } from "react-i18next";

import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { useMe } from "@/lib/auth/hooks";

import { useApplication, useChildren } from "../api/applications";
import { DraftWizard } from "../components/DraftWizard";
import { NotConfirmed } from "../components/NotConfirmed";
import { WizardFrame } from "../components/WizardFrame";

import "@/styles/records.css";
import "../applications.css";

/** The draft's wizard at /applications/:id/edit?step=N, restored from the server. */
export default function EditApplicationRoute() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const application = useApplication(id);
  const me = useMe();
  const children = useChildren();

  if (application.isPending || me.isPending || children.isPending) {
    return (
      <WizardFrame step={1}>
        <p role="status">{t("applications.loading")}</p>
        <Skeleton height="3rem" />
        <Skeleton height="3rem" />
      </WizardFrame>
    );
  }
  const failure = application.error ?? me.error ?? children.error;
  if (failure) {
    return (
      <div className="container page page--narrow">
        <h1>{t("applications.wizard.title")}</h1>
        <ProblemAlert error={failure} />
        <Link to="/applications">{t("applications.list.title")}</Link>
      </div>
    );
  }
  if (application.data!.status !== "draft") return <Navigate to={`/applications/${id}`} replace />;
  if (me.data!.level !== "confirmed") {
    return (
      <WizardFrame step={1}>
        <NotConfirmed level={me.data!.level} />
      </WizardFrame>
    );
  }
  return <DraftWizard key={id} application={application.data!} me={me.data!} kids={children.data!.items} />;
}
