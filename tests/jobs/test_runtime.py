from __future__ import annotations

from api.jobs import runtime


def test_worker_app_knows_every_feature_task_and_periodic_job() -> None:
    app = runtime.build_app("postgresql://unused@localhost/unused")

    names = set(app.tasks)
    assert {
        "edudiary:deliver_message",
        "edudiary:apply_retention",
        "edudiary:remove_old_jobs",
    } <= names
    periodic = {task.task.name for task in app.periodic_registry.periodic_tasks.values()}
    assert "edudiary:apply_retention" in periodic
