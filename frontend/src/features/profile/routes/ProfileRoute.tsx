import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { useMe } from "@/lib/auth/hooks";
import { formatDate } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useVerification } from "../api/profile-api";
import { ConfirmationCodeSection, PassportSection, SnilsSection } from "../components/IdentityForms";
import { LevelStepper } from "../components/LevelStepper";
import { PersonalData } from "../components/PersonalData";

function ProfileSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="card section-card" role="status" aria-busy="true">
      <span className="visually-hidden">{t("profile.loading")}</span>
      <Skeleton width="50%" height="1.5rem" />
      <Skeleton width="90%" />
      <Skeleton width="70%" />
      <Skeleton width="80%" />
    </div>
  );
}

export default function ProfileRoute() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  const verification = useVerification();
  const notice = (location.state as { notice?: string } | null)?.notice;

  const loading = me.isPending || verification.isPending;
  const failed = me.error ?? verification.error;

  return (
    <div className="container page page--narrow">
      <PageTitle title={t("profile.title")} />
      <h1>{t("profile.title")}</h1>
      {/* «Сейчас уровень — «Упрощённая»» is true only until SNILS and passport raise it. */}
      {notice === "registered" && (verification.data?.level ?? "simplified") === "simplified" ? (
        <Alert tone="success" title={t("profile.registeredTitle")}>
          <p>{t("profile.registeredText")}</p>
        </Alert>
      ) : null}
      {failed ? (
        <div className="stack">
          <ProblemAlert error={failed} title={t("profile.loadFailed")} />
          <Button
            onClick={() => {
              void me.refetch();
              void verification.refetch();
            }}
          >
            {t("status.retry")}
          </Button>
        </div>
      ) : loading ? (
        <ProfileSkeleton />
      ) : (
        <div className="stack">
          <section className="card section-card" aria-labelledby="level-title">
            <h2 id="level-title">{t("profile.levelTitle")}</h2>
            <p className="level-now">
              {t("profile.levelNow")} <strong data-testid="account-level">{t(`levels.${verification.data!.level}`)}</strong>
            </p>
            <LevelStepper level={verification.data!.level} />
            {verification.data!.level === "confirmed" ? (
              <p>
                {verification.data!.confirmed_at
                  ? t("profile.confirmedOn", { date: formatDate(verification.data!.confirmed_at, { locale: currentLanguage() }) })
                  : null}{" "}
                {t("profile.confirmedText")}
              </p>
            ) : (
              <>
                <h3>{t("profile.nextTitle")}</h3>
                <ul className="next-steps">
                  {verification.data!.next_steps.map((step) => (
                    <li key={step}>{step}</li>
                  ))}
                </ul>
                {verification.data!.level === "standard" ? (
                  <p>
                    <Link to="/profile/documents">{t("profile.toDocuments")}</Link>
                  </p>
                ) : null}
              </>
            )}
            {verification.data!.registry_message ? (
              <Alert tone={verification.data!.registry_status === "mismatch" ? "warning" : "info"} live={false} title={t("profile.registryTitle")}>
                <p>{verification.data!.registry_message}</p>
              </Alert>
            ) : null}
          </section>

          <PersonalData me={me.data!} />
          {verification.data!.level !== "confirmed" || verification.data!.snils ? <SnilsSection verification={verification.data!} /> : null}
          {verification.data!.level !== "confirmed" || verification.data!.passport ? (
            <PassportSection verification={verification.data!} />
          ) : null}
          {verification.data!.level === "standard" ? <ConfirmationCodeSection /> : null}

          <nav className="card section-card" aria-labelledby="more-title">
            <h2 id="more-title">{t("profile.moreTitle")}</h2>
            <ul className="link-list">
              <li>
                <Link to="/profile/documents">{t("profile.linkDocuments")}</Link>
                <span className="muted">{t("profile.linkDocumentsText")}</span>
              </li>
              <li>
                <Link to="/children">{t("profile.linkChildren")}</Link>
                <span className="muted">{t("profile.linkChildrenText")}</span>
              </li>
              <li>
                <Link to="/security">{t("profile.linkSecurity")}</Link>
                <span className="muted">{t("profile.linkSecurityText")}</span>
              </li>
              <li>
                <Link to="/profile/notifications">{t("profile.linkNotifications")}</Link>
                <span className="muted">{t("profile.linkNotificationsText")}</span>
              </li>
              <li>
                <Link to="/profile/data">{t("profile.linkData")}</Link>
                <span className="muted">{t("profile.linkDataText")}</span>
              </li>
            </ul>
          </nav>
        </div>
      )}
    </div>
  );
}
