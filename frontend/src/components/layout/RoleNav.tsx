import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { api, unwrap } from "@/lib/api";
import { hasAnyRole, OPERATOR_ROLES, useMe, useSession } from "@/lib/auth/hooks";
import { landingPath } from "@/lib/auth/landing";

export const FAMILY_ROLES = ["parent", "student"] as const;
export const TEACHING_ROLES = ["teacher", "class_teacher", "school_admin"] as const;
export const SCHOOL_ADMIN_ROLES = ["school_admin"] as const;
/** Who runs a class: its class teacher, and the school's administration. */
export const CLASS_LEAD_ROLES = ["class_teacher", "school_admin"] as const;
export const APPLICATION_REVIEW_ROLES = ["school_admin", "class_teacher"] as const;

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
  /** An unread count shown beside the label (none when 0). */
  badge?: number;
}

/**
 * Unread conversations and announcements for «Сообщения»: the messaging screens share the
 * query key, and the live stream makes it stale on every new message (app/live-updates).
 */
function useUnreadMessages(enabled: boolean): number {
  const unread = useQuery({
    queryKey: ["messaging", "unread"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/me/unread", { signal })),
    enabled,
    staleTime: 30_000,
  });
  return (unread.data?.conversations ?? 0) + (unread.data?.announcements ?? 0);
}

/**
 * The signed-in user's own sections in the main navigation: «Дневник», «Журнал», «Расписание»…
 * Most used first: on a narrow screen the last ones move into «Ещё» (MainNav).
 */
export function useRoleNavItems(): NavItem[] {
  const { t } = useTranslation();
  const { status } = useSession();
  const me = useMe();
  const unread = useUnreadMessages(status === "signed-in");
  if (status !== "signed-in" || !me.data) return [];
  const items: NavItem[] = [
    ...(hasAnyRole(me.data, FAMILY_ROLES) ? [{ to: "/diary", label: t("diary.nav.diary") }] : []),
    ...(hasAnyRole(me.data, FAMILY_ROLES) ? [{ to: "/reports", label: t("reports.nav") }] : []),
    ...(hasAnyRole(me.data, ["parent"]) ? [{ to: "/plans", label: t("plans.nav") }] : []),
    ...(hasAnyRole(me.data, TEACHING_ROLES) ? [{ to: "/teach", label: t("journal.nav.teach") }] : []),
    // Messages (issue 11): every role.
    { to: "/messages", label: t("messaging.nav"), badge: unread },
    ...(hasAnyRole(me.data, CLASS_LEAD_ROLES) ? [{ to: "/teach/meetings", label: t("events.nav") }] : []),
    ...(hasAnyRole(me.data, CLASS_LEAD_ROLES) ? [{ to: "/teach/absence-notes", label: t("journal.nav.notes") }] : []),
    ...(hasAnyRole(me.data, CLASS_LEAD_ROLES) ? [{ to: "/school/reports", label: t("reports.staffNav") }] : []),
    ...(hasAnyRole(me.data, CLASS_LEAD_ROLES) ? [{ to: "/school/plans", label: t("plans.staffNav") }] : []),
    ...(hasAnyRole(me.data, SCHOOL_ADMIN_ROLES) ? [{ to: "/school/timetable", label: t("journal.nav.timetable") }] : []),
    ...(hasAnyRole(me.data, SCHOOL_ADMIN_ROLES) ? [{ to: "/school/import", label: t("onboarding.nav") }] : []),
    ...(hasAnyRole(me.data, SCHOOL_ADMIN_ROLES) ? [{ to: "/school/integrations", label: t("integrations.nav") }] : []),
    ...(hasAnyRole(me.data, SCHOOL_ADMIN_ROLES) ? [{ to: "/school/moderation", label: t("messaging.moderation.nav") }] : []),
    // Applications (issue 4): the parent's own, the school's queue, the operators' requests.
    ...(hasAnyRole(me.data, ["parent"]) ? [{ to: "/applications", label: t("applications.nav") }] : []),
    ...(hasAnyRole(me.data, APPLICATION_REVIEW_ROLES) && me.data.school_id
      ? [{ to: "/staff/applications", label: t("staffReview.nav") }]
      : []),
    ...(hasAnyRole(me.data, OPERATOR_ROLES)
      ? [
          { to: "/operator", label: t("operator.title") },
          { to: "/admin/connection-requests", label: t("schools.nav") },
          { to: "/admin/support", label: t("support.nav") },
        ]
      : []),
  ];
  // The page a sign-in lands on comes first, so it never moves under «Ещё» (the school
  // admin's review queue would otherwise be the fourth link).
  const landing = landingPath(me.data);
  return [...items.filter((item) => item.to === landing), ...items.filter((item) => item.to !== landing)];
}
