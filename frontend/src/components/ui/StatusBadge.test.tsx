import { render, screen } from "@testing-library/react";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";

import { APPLICATION_STATUSES, APPLICATION_STATUS_TONES, isOpenApplication } from "@/lib/application-status";
import { i18n } from "@/lib/i18n";

import { ApplicationStatusBadge } from "./StatusBadge";

const RUSSIAN: Record<(typeof APPLICATION_STATUSES)[number], string> = {
  draft: "Черновик",
  submitted: "Отправлено",
  under_review: "На рассмотрении",
  info_requested: "Запрошены сведения",
  suspended: "Приостановлено",
  appealed: "Обжаловано",
  approved: "Одобрено",
  rejected: "Отказано",
  withdrawn: "Отозвано",
};

describe("application status badges", () => {
  it("has a Russian label for each of the nine statuses, as the server words them", () => {
    expect(APPLICATION_STATUSES).toHaveLength(9);
    for (const status of APPLICATION_STATUSES) {
      const { unmount } = render(
        <I18nextProvider i18n={i18n}>
          <ApplicationStatusBadge status={status} />
        </I18nextProvider>,
      );
      expect(screen.getByText(RUSSIAN[status])).toBeInTheDocument();
      unmount();
    }
  });

  it("says the status in words with an icon, so colour is never the only sign", () => {
    for (const status of APPLICATION_STATUSES) {
      const { container, unmount } = render(
        <I18nextProvider i18n={i18n}>
          <ApplicationStatusBadge status={status} />
        </I18nextProvider>,
      );
      const badge = container.querySelector(".status-badge")!;
      expect(badge).toHaveClass(`status-badge--${APPLICATION_STATUS_TONES[status]}`);
      expect(badge.querySelector("svg")).toHaveAttribute("aria-hidden", "true");
      expect(badge.textContent).toBe(RUSSIAN[status]);
      unmount();
    }
  });

  it("gives the statuses that ask something of the parent their own tone", () => {
    expect(APPLICATION_STATUS_TONES.info_requested).toBe("action");
    expect(APPLICATION_STATUS_TONES.suspended).toBe("action");
    expect(APPLICATION_STATUS_TONES.approved).toBe("ok");
    expect(APPLICATION_STATUS_TONES.rejected).toBe("error");
    // Two different statuses that look alike still read differently.
    expect(RUSSIAN.submitted).not.toBe(RUSSIAN.under_review);
  });

  it("labels them in English too", async () => {
    await i18n.changeLanguage("en");
    render(
      <I18nextProvider i18n={i18n}>
        <ApplicationStatusBadge status="info_requested" />
      </I18nextProvider>,
    );
    expect(screen.getByText("Information requested")).toBeInTheDocument();
  });

  it("knows which statuses are still open (withdrawable)", () => {
    expect(APPLICATION_STATUSES.filter(isOpenApplication)).toEqual([
      "draft",
      "submitted",
      "under_review",
      "info_requested",
      "suspended",
      "appealed",
    ]);
  });
});
