"""The ingestion steps stay small: no function of reading.py or cleaning.py is longer than 80 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis.ingest import cleaning, reading


@pytest.mark.parametrize("module", [reading, cleaning], ids=["reading", "cleaning"])
def test_no_function_is_longer_than_80_lines(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    lengths = {f.name: f.end_lineno - f.lineno + 1 for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
    assert {name: n for name, n in lengths.items() if n > 80} == {}
