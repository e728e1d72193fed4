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

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
