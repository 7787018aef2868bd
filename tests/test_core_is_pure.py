"""The core packages never import Django (ADR 0001): they can be used and benchmarked on their own."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "signaalwijzer"
CORE = ["knowledge", "screening", "notes", "linkage"]


@pytest.mark.parametrize("package", CORE)
def test_core_package_has_no_django_import(package):
    offenders = []
    for path in sorted((SRC / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(SRC)}: {name}" for name in names if name.split(".")[0] == "django"
            ]
    assert not offenders
