"""Live updates have one home: the protocol is `realtime`'s, and no app but `displays` imports
`displays` (the project package `nafitha`, not an app, mounts each app's routes), so screens can change without
touching the console, dashboard or tablet sockets (docs/architecture.md)."""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def project_apps() -> list[Path]:
    folders = {Path(config.path) for config in apps.get_app_configs()}
    return sorted(folder for folder in folders if ROOT in folder.parents)


def test_no_app_but_displays_imports_displays():
    offenders = []
    for folder in project_apps():
        if folder.name == "displays":
            continue
        for path in folder.rglob("*.py"):
            modules = imported_modules(path)
            if any(m == "displays" or m.startswith("displays.") for m in modules):
                offenders.append(path.relative_to(ROOT).as_posix())
    assert project_apps(), "no project apps found"
    assert offenders == []


def test_realtime_imports_no_app_with_pages():
    pages = {"displays", "counters", "scorecard", "feedback", "kiosk"}
    imported = set()
    for path in (ROOT / "realtime").rglob("*.py"):
        imported |= {m.split(".")[0] for m in imported_modules(path)}
    assert imported & pages == set()
