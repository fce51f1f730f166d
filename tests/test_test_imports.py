"""The tests' own order: test modules take test data from `tests.builders` and shared helpers from
`tests.helpers` (or a non-test helper module such as `tests.api.authz_matrix`), never from another test
module or a conftest, so a helper has one home and deleting a test never breaks another."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _forbidden(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "tests" and any(p.startswith("test_") or p == "conftest" for p in parts[1:])


def test_no_module_imports_a_test_module_or_a_conftest():
    offenders = sorted(
        f"{path.relative_to(TESTS.parent)} imports {module}"
        for path in TESTS.rglob("*.py")
        for module in _imported_modules(path)
        if _forbidden(module)
    )
    assert not offenders, offenders


def test_the_check_sees_such_an_import(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text("from tests.api.test_workers import cli\nfrom tests.conftest import SECRET\n")
    assert sorted(m for m in _imported_modules(sample) if _forbidden(m)) == [
        "tests.api.test_workers",
        "tests.api.test_workers.cli",
        "tests.conftest",
        "tests.conftest.SECRET",
    ]
