"""The job worker imports every task module (``api.jobs.runtime.build_app``); the file
writers' libraries must not come with them. fpdf2 costs a process ~40 MB and openpyxl ~15:
loaded at start-up they put the worker over its 200 MB while it lays out a school's PDF
(issue 12; bench/README.md, report files). They are imported on first use instead."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from api.jobs import runtime
runtime.build_app("postgresql://nobody@127.0.0.1:1/none")  # registers every task module
print(" ".join(sorted({m.split(".")[0] for m in sys.modules} & {"fpdf", "openpyxl"})))
"""


def test_the_worker_starts_without_the_pdf_and_xlsx_libraries() -> None:
    # A fresh interpreter: this test process has imported everything already.
    probe = subprocess.run(  # noqa: S603 (our own interpreter and probe)
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert probe.stdout.strip() == ""
