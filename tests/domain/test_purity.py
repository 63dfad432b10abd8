"""The domain is pure: it imports only the standard library and other app.domain modules.

The one exception is diff-match-patch, which DESIGN.md confines to a single module (the redline one), with its
C++ implementation `fast-diff-match-patch` as an accelerator behind the same module.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import app.domain

DOMAIN = Path(app.domain.__file__).resolve().parent
FORBIDDEN = ("fastapi", "starlette", "sqlmodel", "sqlalchemy", "jinja2", "pydantic")
FORBIDDEN_APP = ("app.web", "app.services", "app.models", "app.db")
DIFF_LIBRARIES = ("diff_match_patch", "fast_diff_match_patch")
IMPURE_STDLIB = ("os", "io", "socket", "subprocess", "time", "datetime", "random", "pathlib", "shutil", "urllib")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                found.append((node.lineno, "app.domain." + (node.module or "")))
            else:
                assert node.module is not None
                found.append((node.lineno, node.module))
                found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _problem(module: str) -> str | None:
    top = module.split(".")[0]
    if top in DIFF_LIBRARIES:
        return None  # confined to one module by test_diff_match_patch_lives_in_one_module
    if top in FORBIDDEN or module.startswith(FORBIDDEN_APP):
        return "framework, ORM or outer layer"
    if top == "app":
        return None if module == "app.domain" or module.startswith("app.domain.") else "outside app.domain"
    if top in IMPURE_STDLIB:
        return "I/O, clock or randomness"
    if top not in sys.stdlib_module_names and top != "__future__":
        return "not in the standard library"
    return None


def test_domain_modules_exist() -> None:
    assert len(list(DOMAIN.glob("*.py"))) >= 8


def test_domain_imports_only_the_standard_library_and_itself() -> None:
    problems = [
        f"{path.name}:{line}: imports {module} ({problem})"
        for path in sorted(DOMAIN.rglob("*.py"))
        for line, module in _imports(path)
        if (problem := _problem(module)) is not None
    ]
    assert problems == []


def test_diff_match_patch_lives_in_one_module() -> None:
    importers = {
        path.name
        for path in DOMAIN.rglob("*.py")
        for _, module in _imports(path)
        if module.split(".")[0] in DIFF_LIBRARIES
    }
    assert len(importers) <= 1, f"diff-match-patch must stay behind one module, imported by {sorted(importers)}"


def test_the_checker_catches_forbidden_imports() -> None:
    assert _problem("fastapi") and _problem("sqlalchemy.orm") and _problem("app.services.documents.catalog")
    assert _problem("docx") and _problem("os.path")
    assert _problem("re") is None and _problem("app.domain.tree") is None
