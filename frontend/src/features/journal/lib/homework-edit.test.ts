import { describe, expect, it } from "vitest";

import type { HomeworkOut } from "../api/types";
import { checkDraft, draftOf, otherErrors, patchOf } from "./homework-edit";

const HOMEWORK: HomeworkOut = {
  id: "h1",
  lesson_id: "l1",
  lesson_date: "2026-11-23",
  subject: { id: "alg", name: "Алгебра" },
  teacher: { id: "t1", name: "Соколова Анна" },
  text: "§ 12, № 214–216",
  due_date: "2026-11-25",
  attachments: [
    { name: "Учебник", url: "https://example.org/book.pdf" },
    { name: "Видео", url: "https://example.org/v" },
  ],
  created_at: "2026-11-23T06:00:00Z",
};

const MESSAGES = { required: "Заполните это поле", dateInvalid: "Введите дату", urlInvalid: "Ссылка" };

describe("correcting a homework", () => {
  it("starts from the homework as it is, the date as ДД.ММ.ГГГГ", () => {
    expect(draftOf(HOMEWORK)).toEqual({
      text: "§ 12, № 214–216",
      due: "25.11.2026",
      fileName: "Учебник",
      url: "https://example.org/book.pdf",
    });
    expect(draftOf({ ...HOMEWORK, attachments: [] })).toMatchObject({ fileName: "", url: "" });
  });

  it("sends nothing when nothing changed", () => {
    expect(patchOf(HOMEWORK, draftOf(HOMEWORK))).toBeNull();
  });

  it("sends only the changed fields", () => {
    const draft = { ...draftOf(HOMEWORK), text: " § 12, № 214–217 ", due: "26.11.2026" };
    expect(patchOf(HOMEWORK, draft)).toEqual({ text: "§ 12, № 214–217", due_date: "2026-11-26" });
  });

  it("replaces the first material and keeps the others; a cleared link removes it", () => {
    const renamed = { ...draftOf(HOMEWORK), fileName: "Задачник" };
    expect(patchOf(HOMEWORK, renamed)).toEqual({
      attachments: [
        { name: "Задачник", url: "https://example.org/book.pdf" },
        { name: "Видео", url: "https://example.org/v" },
      ],
    });
    const cleared = { ...draftOf(HOMEWORK), fileName: "", url: " " };
    expect(patchOf(HOMEWORK, cleared)).toEqual({ attachments: [{ name: "Видео", url: "https://example.org/v" }] });
    const added = { ...draftOf({ ...HOMEWORK, attachments: [] }), url: "https://example.org/x" };
    expect(patchOf({ ...HOMEWORK, attachments: [] }, added)).toEqual({
      attachments: [{ name: "https://example.org/x", url: "https://example.org/x" }],
    });
  });

  it("checks the text, the date and the link before asking the server", () => {
    expect(checkDraft(draftOf(HOMEWORK), MESSAGES)).toEqual({});
    expect(checkDraft({ text: " ", due: "", fileName: "", url: "ftp://x" }, MESSAGES)).toEqual({
      text: "Заполните это поле",
      due_date: "Заполните это поле",
      "attachments.0.url": "Ссылка",
    });
    expect(checkDraft({ ...draftOf(HOMEWORK), due: "31.02.2026" }, MESSAGES)).toEqual({ due_date: "Введите дату" });
  });

  it("collects the server's errors the form has no field for", () => {
    expect(otherErrors({ due_date: "Срок раньше урока", "attachments.1.url": "Плохая ссылка" })).toEqual(["Плохая ссылка"]);
  });
});
