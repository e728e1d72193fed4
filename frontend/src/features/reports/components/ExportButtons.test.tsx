import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { ExportButtons } from "./ExportButtons";

const EXPORT = {
  id: "e1",
  kind: "class_summary",
  format: "xlsx",
  status: "queued",
  progress: 0,
  file_name: null,
  error: null,
  error_code: null,
  created_at: "2026-12-07T09:00:00Z",
  finished_at: null,
  expires_at: "2026-12-14T09:00:00Z",
};
const NAME = "Сводная ведомость — 9-Б — 2-я четверть 2026-2027.xlsx";

afterEach(() => vi.unstubAllGlobals());

describe("«Скачать PDF / XLSX / CSV»", () => {
  it("orders the file, shows the job's progress and saves the file when it is made", async () => {
    let polls = 0;
    const bodies: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const path = new URL(request.url).pathname;
        if (path === "/api/v1/exports" && request.method === "POST") {
          bodies.push(await request.json());
          return jsonResponse(EXPORT, { status: 202 });
        }
        if (path === "/api/v1/exports/e1") {
          polls += 1;
          if (polls === 1) return jsonResponse({ ...EXPORT, status: "running", progress: 50 });
          return jsonResponse({ ...EXPORT, status: "done", progress: 100, file_name: NAME });
        }
        if (path === "/api/v1/exports/e1/file") return new Response(new Blob(["xlsx"]), { status: 200 });
        return jsonResponse({}, { status: 404 });
      }),
    );
    const saved: string[] = [];
    URL.createObjectURL = () => "blob:file";
    URL.revokeObjectURL = () => undefined;
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });

    renderWithProviders(<ExportButtons title="Сводная ведомость" request={{ kind: "class_summary", class_id: "c1", term_id: "t1" }} />);
    fireEvent.click(screen.getByRole("button", { name: "Скачать XLSX" }));

    expect(await screen.findByRole("progressbar")).toBeInTheDocument();
    expect(await screen.findByText(`Файл готов: «${NAME}». Он хранится 7 дней.`, {}, { timeout: 3000 })).toBeInTheDocument();
    await waitFor(() => expect(saved).toEqual([NAME]));
    expect(bodies).toEqual([{ kind: "class_summary", class_id: "c1", term_id: "t1", format: "xlsx" }]);
  });

  it("says why the file could not be made", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const path = new URL(request.url).pathname;
        if (path === "/api/v1/exports") return jsonResponse(EXPORT, { status: 202 });
        return jsonResponse({ ...EXPORT, status: "failed", progress: 100, error: "Такого ученика нет", error_code: "student_not_found" });
      }),
    );
    renderWithProviders(<ExportButtons title="Отчёт" request={{ kind: "student_report", student_id: "s1" }} />);
    fireEvent.click(screen.getByRole("button", { name: "Скачать PDF" }));
    expect(await screen.findByText("Такого ученика нет")).toBeInTheDocument();
    expect(screen.getByText("Не удалось сформировать файл")).toBeInTheDocument();
  });
});
