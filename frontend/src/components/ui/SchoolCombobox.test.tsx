import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { SchoolCombobox } from "./SchoolCombobox";

describe("SchoolCombobox", () => {
  it("fills the region filter from GET /api/v1/regions, sorted by name", async () => {
    const paths: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        paths.push(new URL(request.url).pathname);
        return jsonResponse({
          items: [
            { code: "66", name: "Свердловская область", timezone: "Asia/Yekaterinburg" },
            { code: "77", name: "Москва", timezone: "Europe/Moscow" },
          ],
          total: 2,
          limit: 100,
          offset: 0,
        });
      }),
    );
    renderWithProviders(<SchoolCombobox onSelect={() => undefined} />);

    const select = screen.getByRole("combobox", { name: /Регион/ });
    await within(select).findByRole("option", { name: "Москва" });
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Все регионы",
      "Москва",
      "Свердловская область",
    ]);
    expect(paths).toEqual(["/api/v1/regions"]);
  });
});
