import { lazy } from "react";
import { Route } from "react-router";

import { APPLICATION_REVIEW_ROLES } from "@/components/layout/RoleNav";
import { OPERATOR_ROLES } from "@/lib/auth/hooks";

import { RequireRole } from "./guards";

/**
 * Routes of issue 4 item 7: the catalogue of services, applications, school connection
 * requests, support tickets, the school's review queue and the operators' pages. Called
 * as functions inside <Routes> in router.tsx (a component would not do: <Routes> reads
 * its <Route> children directly).
 */

const ServicesRoute = lazy(() => import("@/features/services/routes/ServicesRoute"));
const CategoryRoute = lazy(() => import("@/features/services/routes/CategoryRoute"));
const ServiceRoute = lazy(() => import("@/features/services/routes/ServiceRoute"));
const ApplicationsRoute = lazy(() => import("@/features/applications/routes/ApplicationsRoute"));
const NewApplicationRoute = lazy(() => import("@/features/applications/routes/NewApplicationRoute"));
const EditApplicationRoute = lazy(() => import("@/features/applications/routes/EditApplicationRoute"));
const SentRoute = lazy(() => import("@/features/applications/routes/SentRoute"));
const ApplicationRoute = lazy(() => import("@/features/applications/routes/ApplicationRoute"));
const ConnectSchoolRoute = lazy(() => import("@/features/schools/routes/ConnectSchoolRoute"));
const ConnectionRequestsRoute = lazy(() => import("@/features/schools/routes/ConnectionRequestsRoute"));
const AdminConnectionRequestsRoute = lazy(() => import("@/features/schools/routes/AdminConnectionRequestsRoute"));
const SupportRoute = lazy(() => import("@/features/support/routes/SupportRoute"));
const NewTicketRoute = lazy(() => import("@/features/support/routes/NewTicketRoute"));
const TicketRoute = lazy(() => import("@/features/support/routes/TicketRoute"));
const AdminSupportRoute = lazy(() => import("@/features/support/routes/AdminSupportRoute"));
const AdminTicketRoute = lazy(() => import("@/features/support/routes/AdminTicketRoute"));
const QueueRoute = lazy(() => import("@/features/staff-review/routes/QueueRoute"));
const ReviewRoute = lazy(() => import("@/features/staff-review/routes/ReviewRoute"));


/** Open to everyone: the catalogue and the service pages. */
export function publicRequestRoutes() {
  return (
    <>
      <Route path="services" element={<ServicesRoute />} />
      <Route path="services/:category" element={<CategoryRoute />} />
      <Route path="services/:category/:service" element={<ServiceRoute />} />
    </>
  );
}

/** For signed-in users (inside <RequireAuth>). */
export function signedInRequestRoutes() {
  return (
    <>
      <Route path="applications" element={<ApplicationsRoute />} />
      <Route path="applications/new" element={<NewApplicationRoute />} />
      <Route path="applications/:id" element={<ApplicationRoute />} />
      <Route path="applications/:id/edit" element={<EditApplicationRoute />} />
      <Route path="applications/:id/sent" element={<SentRoute />} />
      <Route path="schools/:id/connect" element={<ConnectSchoolRoute />} />
      <Route path="connection-requests" element={<ConnectionRequestsRoute />} />
      <Route path="support" element={<SupportRoute />} />
      <Route path="support/new" element={<NewTicketRoute />} />
      <Route path="support/:id" element={<TicketRoute />} />
      <Route element={<RequireRole roles={APPLICATION_REVIEW_ROLES} />}>
        <Route path="staff/applications" element={<QueueRoute />} />
        <Route path="staff/applications/:id" element={<ReviewRoute />} />
      </Route>
      <Route element={<RequireRole roles={OPERATOR_ROLES} />}>
        <Route path="admin/connection-requests" element={<AdminConnectionRequestsRoute />} />
        <Route path="admin/support" element={<AdminSupportRoute />} />
        <Route path="admin/support/:id" element={<AdminTicketRoute />} />
      </Route>
    </>
  );
}
