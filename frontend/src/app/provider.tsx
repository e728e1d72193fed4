import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";

import { session } from "@/lib/auth";
import { i18n } from "@/lib/i18n";

import { useLiveUpdates } from "./live-updates";
import { createQueryClient } from "./query-client";

/** When the session ends (here, in another tab, or refused by the server), forget its data. */
function useForgetDataOnSignOut(client: QueryClient) {
  useEffect(() => {
    let previous = session.snapshot().status;
    return session.subscribe(() => {
      const { status } = session.snapshot();
      if (status === "signed-out" && previous !== "signed-out") client.clear();
      previous = status;
    });
  }, [client]);
}

export function AppProvider({
  children,
  queryClient,
}: {
  children: ReactNode;
  queryClient?: QueryClient;
}) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  useForgetDataOnSignOut(client);
  useLiveUpdates(client);
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </I18nextProvider>
  );
}
