import { lazy } from "react";
import { Route, Routes } from "react-router";

import { AppLayout } from "@/components/layout/AppLayout";

// Each page is its own chunk: the first load carries only the shell and the page asked for.
const HomeRoute = lazy(() => import("@/features/home/routes/HomeRoute"));
const StatusRoute = lazy(() => import("@/features/health/routes/StatusRoute"));
const NotFoundRoute = lazy(() => import("./routes/NotFoundRoute"));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomeRoute />} />
        <Route path="status" element={<StatusRoute />} />
        <Route path="*" element={<NotFoundRoute />} />
      </Route>
    </Routes>
  );
}
