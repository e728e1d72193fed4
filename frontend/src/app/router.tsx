import { lazy } from "react";
import { Route, Routes } from "react-router";

import { AppLayout } from "@/components/layout/AppLayout";
import { CLASS_LEAD_ROLES, SCHOOL_ADMIN_ROLES, TEACHING_ROLES } from "@/components/layout/RoleNav";
import { NotificationBell } from "@/features/notifications/components/NotificationBell";
import { HeaderServiceSearch } from "@/features/services/components/HeaderServiceSearch";
import { OPERATOR_ROLES } from "@/lib/auth/hooks";

import { RequireAuth, RequireRole } from "./routes/guards";
import { publicRequestRoutes, signedInRequestRoutes } from "./routes/requests";

// Each page is its own chunk: the first load carries only the shell and the page asked for.
const HomeRoute = lazy(() => import("@/features/home/routes/HomeRoute"));
const StatusRoute = lazy(() => import("@/features/health/routes/StatusRoute"));
const RegisterRoute = lazy(() => import("@/features/auth/routes/RegisterRoute"));
const LoginRoute = lazy(() => import("@/features/auth/routes/LoginRoute"));
const PasswordResetRoute = lazy(() => import("@/features/auth/routes/PasswordResetRoute"));
const EmailConfirmRoute = lazy(() => import("@/features/auth/routes/EmailConfirmRoute"));
const ProfileRoute = lazy(() => import("@/features/profile/routes/ProfileRoute"));
const PrivacyRoute = lazy(() => import("@/features/privacy/routes/PrivacyRoute"));
const DocumentsRoute = lazy(() => import("@/features/documents/routes/DocumentsRoute"));
const ChildrenRoute = lazy(() => import("@/features/children/routes/ChildrenRoute"));
const SecurityRoute = lazy(() => import("@/features/security/routes/SecurityRoute"));
const OperatorRoute = lazy(() => import("@/features/operator/routes/OperatorRoute"));
const OperatorAccountRoute = lazy(() => import("@/features/operator/routes/OperatorAccountRoute"));
// The diary (families), the journal (teachers), notifications: issue 5.
const DiaryRoute = lazy(() => import("@/features/diary/routes/DiaryRoute"));
const GradesRoute = lazy(() => import("@/features/diary/routes/GradesRoute"));
const HomeworkRoute = lazy(() => import("@/features/diary/routes/HomeworkRoute"));
const AttendanceRoute = lazy(() => import("@/features/diary/routes/AttendanceRoute"));
const StudentLinkRoute = lazy(() => import("@/features/diary/routes/StudentLinkRoute"));
const MeetingsRoute = lazy(() => import("@/features/diary/routes/MeetingsRoute"));
const NotificationsRoute = lazy(() => import("@/features/notifications/routes/NotificationsRoute"));
const NotificationSettingsRoute = lazy(() => import("@/features/notifications/routes/NotificationSettingsRoute"));
const TeachRoute = lazy(() => import("@/features/journal/routes/TeachRoute"));
const LessonRoute = lazy(() => import("@/features/journal/routes/LessonRoute"));
const JournalRoute = lazy(() => import("@/features/journal/routes/JournalRoute"));
const NotesRoute = lazy(() => import("@/features/journal/routes/NotesRoute"));
const ClassNotesRoute = lazy(() => import("@/features/journal/routes/ClassNotesRoute"));
const TimetableRoute = lazy(() => import("@/features/journal/routes/TimetableRoute"));
// Reports and analytics: issue 12.
const StudentReportRoute = lazy(() => import("@/features/reports/routes/StudentReportRoute"));
const SchoolReportsRoute = lazy(() => import("@/features/reports/routes/SchoolReportsRoute"));
const ExportRoute = lazy(() => import("@/features/reports/routes/ExportRoute"));
// Individual learning plans and family signatures: issue 12.
const FamilyPlansRoute = lazy(() => import("@/features/learning-plans/routes/FamilyPlansRoute"));
const PlanRoute = lazy(() => import("@/features/learning-plans/routes/PlanRoute"));
const SchoolPlansRoute = lazy(() => import("@/features/learning-plans/routes/SchoolPlansRoute"));
const IntegrationsRoute = lazy(() => import("@/features/integrations/routes/IntegrationsRoute"));
const OnboardingRoute = lazy(() => import("@/features/onboarding/routes/OnboardingRoute"));
// Messages and announcements: issue 11.
const MessagesRoute = lazy(() => import("@/features/messaging/routes/MessagesRoute"));
const ConversationRoute = lazy(() => import("@/features/messaging/routes/ConversationRoute"));
const NewConversationRoute = lazy(() => import("@/features/messaging/routes/NewConversationRoute"));
const AnnouncementsRoute = lazy(() => import("@/features/messaging/routes/AnnouncementsRoute"));
const AnnouncementRoute = lazy(() => import("@/features/messaging/routes/AnnouncementRoute"));
const NewAnnouncementRoute = lazy(() => import("@/features/messaging/routes/NewAnnouncementRoute"));
// Public check of a signed term record (REPORTS.md §5).
const VerifyRoute = lazy(() => import("@/features/signatures/routes/VerifyRoute"));
// Events and meetings (issue 11): organisers' schedules and forms; moderation of reports.
const MeetingSchedulesRoute = lazy(() => import("@/features/events/routes/MeetingSchedulesRoute"));
const NewMeetingRoute = lazy(() => import("@/features/events/routes/NewMeetingRoute"));
const NewEventRoute = lazy(() => import("@/features/events/routes/NewEventRoute"));
const ModerationRoute = lazy(() => import("@/features/messaging/routes/ModerationRoute"));
const NotFoundRoute = lazy(() => import("./routes/NotFoundRoute"));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout headerTools={<NotificationBell />} headerSearch={<HeaderServiceSearch />} />}>
        <Route index element={<HomeRoute />} />
        <Route path="status" element={<StatusRoute />} />
        <Route path="verify" element={<VerifyRoute />} />
        <Route path="register" element={<RegisterRoute />} />
        <Route path="login" element={<LoginRoute />} />
        <Route path="password/reset" element={<PasswordResetRoute />} />
        <Route path="password/reset/confirm" element={<PasswordResetRoute />} />
        <Route path="email/confirm" element={<EmailConfirmRoute />} />
        {publicRequestRoutes()}
        <Route element={<RequireAuth />}>
          <Route path="profile" element={<ProfileRoute />} />
          <Route path="profile/documents" element={<DocumentsRoute />} />
          <Route path="profile/data" element={<PrivacyRoute />} />
          <Route path="profile/notifications" element={<NotificationSettingsRoute />} />
          <Route path="children" element={<ChildrenRoute />} />
          <Route path="security" element={<SecurityRoute />} />
          <Route path="diary" element={<DiaryRoute />} />
          <Route path="diary/:studentId" element={<DiaryRoute />} />
          <Route path="diary/:studentId/grades" element={<GradesRoute />} />
          <Route path="diary/:studentId/homework" element={<HomeworkRoute />} />
          <Route path="diary/:studentId/attendance" element={<AttendanceRoute />} />
          <Route path="diary/:studentId/meetings" element={<MeetingsRoute />} />
          <Route path="students/:studentId/*" element={<StudentLinkRoute />} />
          <Route path="reports" element={<StudentReportRoute />} />
          <Route path="reports/:studentId" element={<StudentReportRoute />} />
          <Route path="exports/:exportId" element={<ExportRoute />} />
          <Route path="plans" element={<FamilyPlansRoute />} />
          <Route path="plans/:studentId" element={<FamilyPlansRoute />} />
          <Route path="learning-plans/:planId" element={<PlanRoute />} />
          <Route path="notifications" element={<NotificationsRoute />} />
          <Route path="messages" element={<MessagesRoute />} />
          <Route path="messages/new" element={<NewConversationRoute />} />
          <Route path="messages/:id" element={<ConversationRoute />} />
          <Route path="announcements" element={<AnnouncementsRoute />} />
          <Route path="announcements/:id" element={<AnnouncementRoute />} />
          <Route element={<RequireRole roles={CLASS_LEAD_ROLES} />}>
            <Route path="announcements/new" element={<NewAnnouncementRoute />} />
            <Route path="teach/meetings" element={<MeetingSchedulesRoute />} />
            <Route path="teach/meetings/new" element={<NewMeetingRoute />} />
          </Route>
          {signedInRequestRoutes()}
          <Route element={<RequireRole roles={TEACHING_ROLES} />}>
            <Route path="teach" element={<TeachRoute />} />
            <Route path="teach/lessons/:lessonId" element={<LessonRoute />} />
            <Route path="teach/journal/:classId" element={<JournalRoute />} />
            <Route path="teach/students/:studentId/absence-notes" element={<NotesRoute />} />
            {/* Any teacher: the API decides whose class it is (a teacher may run one without the role). */}
            <Route path="teach/absence-notes" element={<ClassNotesRoute />} />
            <Route path="school/reports" element={<SchoolReportsRoute />} />
            <Route path="school/events/new" element={<NewEventRoute />} />
          </Route>
          <Route element={<RequireRole roles={CLASS_LEAD_ROLES} />}>
            <Route path="school/plans" element={<SchoolPlansRoute />} />
          </Route>
          <Route element={<RequireRole roles={SCHOOL_ADMIN_ROLES} />}>
            <Route path="school/timetable" element={<TimetableRoute />} />
            <Route path="school/integrations" element={<IntegrationsRoute />} />
            <Route path="school/import" element={<OnboardingRoute />} />
            <Route path="school/moderation" element={<ModerationRoute />} />
          </Route>
          <Route element={<RequireRole roles={OPERATOR_ROLES} />}>
            <Route path="operator" element={<OperatorRoute />} />
            <Route path="operator/accounts/:accountId" element={<OperatorAccountRoute />} />
          </Route>
        </Route>
        <Route path="*" element={<NotFoundRoute />} />
      </Route>
    </Routes>
  );
}
