import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import "@/lib/i18n";
import "@/styles/index.css";
import "@/styles/forms.css";

import { App } from "@/app/App";
import { restoreAccessibilityMode } from "@/lib/accessibility-mode";
import { session } from "@/lib/auth";

restoreAccessibilityMode();
// Continue the session of the HttpOnly refresh cookie, if there may be one.
void session.bootstrap();

const container = document.getElementById("root");
if (!container) {
  throw new Error("#root is missing from index.html");
}

// The service worker (public/sw.js): push notifications and the last opened diary week
// offline. Only in the built app: a development server's modules must not be cached.
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  window.addEventListener("load", () => void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined));
}

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
