"""Weighted averages, the school's rounding thresholds, "what if", term and year grades."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import pytest
from httpx import AsyncClient

from api.diary.grades.averages import (
    Counted,
    explanation,
    final_grade,
    pass_fail,
    weighted_average,
)
from api.diary.structure.models import SubjectAssessment
from tests.diary.world import MONDAY, World, lesson_on

D = Decimal


def test_weighted_average_uses_work_type_weights() -> None:
    # 5 for a test (weight 2), 4 and 4 for answers (weight 1): (10 + 4 + 4) / 4 = 4.5
    total, weights, average = weighted_average(
        [Counted(5, D(2)), Counted(4, D(1)), Counted(4, D(1))]
    )
    assert (total, weights, average) == (D(18), D(4), D("4.50"))


def test_average_rounds_to_hundredths_half_up() -> None:
    # (5×2 + 4×1.5 + 4) / 4.5 = 4.4444… → 4.44; (5 + 5 + 4) / 3 = 4.666… → 4.67
    assert weighted_average([Counted(5, D(2)), Counted(4, D("1.5")), Counted(4, D(1))])[2] == D(
        "4.44"
    )
    assert weighted_average([Counted(5, D(1)), Counted(5, D(1)), Counted(4, D(1))])[2] == D("4.67")


@pytest.mark.parametrize(
    ("average", "thresholds", "expected"),
    [
        ("4.50", ("4.50", "3.50", "2.50"), 5),
        ("4.49", ("4.50", "3.50", "2.50"), 4),
        ("4.60", ("4.65", "3.50", "2.50"), 4),  # a strict school: 5 only from 4.65
        ("4.65", ("4.65", "3.50", "2.50"), 5),
        ("3.50", ("4.50", "3.50", "2.50"), 4),
        ("3.49", ("4.50", "3.50", "2.50"), 3),
        ("3.00", ("4.50", "3.50", "2.50"), 3),  # between the bounds, not only on them
        ("2.49", ("4.50", "3.50", "2.50"), 2),
        ("2.50", ("4.50", "3.50", "2.50"), 3),
        ("1.00", ("4.50", "3.50", "2.50"), 2),
    ],
)
def test_rounding_thresholds(average: str, thresholds: tuple[str, str, str], expected: int) -> None:
    five, four, three = (D(t) for t in thresholds)
    assert final_grade(D(average), (five, four, three)) == expected


def test_pass_fail_needs_as_many_passes_as_fails() -> None:
    assert pass_fail([Counted("pass", D(1)), Counted("fail", D(1))]) == "pass"
    assert pass_fail([Counted("fail", D(1))]) == "fail"
    assert pass_fail([]) is None


def test_a_pass_fail_subjects_explanation_names_the_verdict() -> None:
    thresholds = (D("4.50"), D("3.50"), D("2.50"))

    def said(result: Literal["pass", "fail"] | None) -> str:
        return explanation(SubjectAssessment.pass_fail, D(0), D(0), None, thresholds, result)

    assert said("pass").endswith("Итог — зачёт.")
    assert said("fail").endswith("Итог — незачёт.")
    assert said(None) == "Отметок за период нет."
    numeric = explanation(SubjectAssessment.graded, D(9), D(3), D(3), thresholds, 3)
    assert numeric.startswith("Средний балл = Σ(оценка × вес) / Σ весов = 9,00 / 3,00 = 3,00.")


async def grade(client: AsyncClient, world: World, body: list[dict[str, object]]) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    response = await client.post(
        f"/api/v1/lessons/{lesson['id']}/grades", json=body, headers=world.teacher.headers
    )
    assert response.status_code == 201, response.text


async def test_explain_and_what_if_with_a_strict_school(client: AsyncClient, world: World) -> None:
    pupil = str(world.pupil.id)
    await grade(
        client,
        world,
        [
            {"student_id": pupil, "value": 5, "work_type": "test"},
            {"student_id": pupil, "value": 4, "work_type": "answer"},
            {"student_id": pupil, "value": 5, "work_type": "independent"},
        ],
    )
    policy = await client.put(
        "/api/v1/grading-policy",
        json={"five_from": 4.65, "four_from": 3.5, "three_from": 2.5},
        headers=world.admin.headers,
    )
    assert policy.status_code == 200, policy.text

    explained = await client.get(
        f"/api/v1/students/{pupil}/averages",
        params={"subject_id": str(world.algebra.id), "term_id": str(world.term.id)},
        headers=world.parent.headers,
    )
    # (5×2 + 4×1 + 5×1.5) / 4.5 = 21.5 / 4.5 = 4.777… → 4.78 ≥ 4.65 → 5
    assert explained.status_code == 200, explained.text
    body = explained.json()
    assert (body["weighted_sum"], body["weight_total"], body["average"], body["result"]) == (
        21.5,
        4.5,
        4.78,
        5,
    )
    assert body["thresholds"]["five_from"] == 4.65
    assert body["explanation"].startswith(
        "Средний балл = Σ(оценка × вес) / Σ весов = 21,50 / 4,50 = 4,78."
    )

    what_if = await client.post(
        f"/api/v1/students/{pupil}/averages/what-if",
        json={
            "subject_id": str(world.algebra.id),
            "hypothetical": [{"value": 3, "work_type": "test"}],
        },
        headers=world.parent.headers,
    )
    # + 3×2: 27.5 / 6.5 = 4.23 → 4
    assert what_if.status_code == 200, what_if.text
    assert (what_if.json()["average"], what_if.json()["result"]) == (4.23, 4)
    assert [g["hypothetical"] for g in what_if.json()["grades"]] == [False, False, False, True]


async def test_what_if_refuses_a_wrong_scale(client: AsyncClient, world: World) -> None:
    response = await client.post(
        f"/api/v1/students/{world.pupil.id}/averages/what-if",
        json={"subject_id": str(world.pe.id), "hypothetical": [{"value": 5}]},
        headers=world.parent.headers,
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "hypothetical.0.value"


async def test_closing_the_term_and_year(client: AsyncClient, world: World) -> None:
    pupil = str(world.pupil.id)
    await grade(
        client,
        world,
        [{"student_id": pupil, "value": 4, "work_type": "test"}, {"student_id": pupil, "value": 3}],
    )

    term = await client.post(
        f"/api/v1/classes/{world.class_b.id}/term-grades",
        json={"subject_id": str(world.algebra.id), "term_id": str(world.term.id)},
        headers=world.teacher.headers,
    )
    year = await client.post(
        f"/api/v1/classes/{world.class_b.id}/term-grades",
        json={"subject_id": str(world.algebra.id), "academic_year": 2026},
        headers=world.teacher.headers,
    )
    foreign = await client.post(
        f"/api/v1/classes/{world.class_b.id}/term-grades",
        json={"subject_id": str(world.algebra.id), "term_id": str(world.term.id)},
        headers=world.other_teacher.headers,
    )

    # (4×2 + 3) / 3 = 3.67 → 4
    assert term.status_code == 200, term.text
    assert [(g["student_id"], g["value"], g["average"]) for g in term.json()] == [(pupil, 4, 3.67)]
    assert [(g["period"], g["value"]) for g in year.json()] == [("year", 4)]
    assert foreign.status_code == 404
    listed = await client.get(f"/api/v1/students/{pupil}/term-grades", headers=world.parent.headers)
    assert sorted(g["period"] for g in listed.json()) == ["term", "year"]
    summary = await client.get(
        f"/api/v1/students/{pupil}/summary",
        params={"term_id": str(world.term.id)},
        headers=world.parent.headers,
    )
    assert summary.status_code == 200, summary.text
    algebra = next(s for s in summary.json()["subjects"] if s["subject"]["name"] == "Алгебра")
    assert (algebra["grades"], algebra["average"], algebra["result"], algebra["term_grade"]) == (
        2,
        3.67,
        4,
        4,
    )


async def test_journal_grid(client: AsyncClient, world: World) -> None:
    await grade(client, world, [{"student_id": str(world.pupil.id), "value": 5}])
    params = {"subject_id": str(world.algebra.id), "from": "2026-11-23", "to": "2026-11-29"}

    mine = await client.get(
        f"/api/v1/classes/{world.class_b.id}/journal", params=params, headers=world.teacher.headers
    )
    foreign = await client.get(
        f"/api/v1/classes/{world.class_b.id}/journal",
        params=params,
        headers=world.other_teacher.headers,
    )
    parent = await client.get(
        f"/api/v1/classes/{world.class_b.id}/journal", params=params, headers=world.parent.headers
    )

    assert mine.status_code == 200, mine.text
    journal = mine.json()
    assert [s["last_name"] for s in journal["students"]] == ["Алексеева", "Иванов", "Смирнов"]
    assert [lesson["date"] for lesson in journal["lessons"]] == [
        f"2026-11-{d}" for d in (23, 24, 25, 26, 27)
    ]
    assert [(m["student_id"], m["grades"][0]["value"]) for m in journal["marks"]] == [
        (str(world.pupil.id), 5)
    ]
    assert {a["student_id"]: a["average"] for a in journal["averages"]}[str(world.pupil.id)] == 5.0
    assert (foreign.status_code, parent.status_code) == (404, 404)


async def test_work_types_are_per_school(client: AsyncClient, world: World) -> None:
    changed = await client.put(
        "/api/v1/work-types/test",
        json={"name": "Контрольная работа", "weight": 2.5},
        headers=world.admin.headers,
    )
    listed = await client.get("/api/v1/work-types", headers=world.teacher.headers)
    foreign = await client.get("/api/v1/work-types", headers=world.foreign_admin.headers)

    assert changed.status_code == 200, changed.text
    assert {w["code"]: w["weight"] for w in listed.json()}["test"] == 2.5
    assert {w["code"]: w["weight"] for w in foreign.json()}["test"] == 2.0
