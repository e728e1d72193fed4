import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "@/testing/render";

import { ApplicationHistory } from "./ApplicationHistory";

describe("ApplicationHistory", () => {
  it("names the documents a step attached, not their ids", () => {
    renderWithProviders(
      <ApplicationHistory
        viewer="applicant"
        timeZone="Europe/Moscow"
        entries={[
          {
            at: "2026-12-01T09:00:00Z",
            action: "reply",
            status_from: "info_requested",
            status_to: "under_review",
            actor_role: "applicant",
            comment: "Скан приложен",
            reason_code: null,
            reason_label: null,
            attachment_ids: ["6d3c1a52-4c1b-4f7e-9a55-0e7d2c3b9a10", "0b9e2f4c-8d1a-4e7b-b3c5-7f6a5d4e3c21"],
            attachments: [
              { id: "6d3c1a52-4c1b-4f7e-9a55-0e7d2c3b9a10", kind: "birth_certificate", content_type: "application/pdf", size: 120_000, status: "uploaded", created_at: "2026-12-01T08:59:00Z" },
              { id: "0b9e2f4c-8d1a-4e7b-b3c5-7f6a5d4e3c21", kind: "snils", content_type: "image/jpeg", size: 80_000, status: "uploaded", created_at: "2026-12-01T08:59:30Z" },
            ],
          },
        ]}
      />,
    );
    expect(screen.getByText("Приложено: Свидетельство о рождении, СНИЛС")).toBeInTheDocument();
    expect(screen.queryByText(/6d3c1a52/)).not.toBeInTheDocument();
  });
});
