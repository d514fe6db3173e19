"""The base apps point one way: `centre` (places, services, opening hours) ← `staff` (the
people of a centre) ← `queueing` (the engine: tickets and each counter's live state) ← every
other app (docs/architecture.md). Checked on the models Django loaded, whatever file or
string named them, and on the imports."""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]
BASE = ("centre", "staff", "queueing")


def project_labels() -> set[str]:
    return {config.label for config in apps.get_app_configs() if Path(config.path).parent == ROOT}


def rank(label: str) -> int | None:
    """A project app's place in the order (every app above the base ones shares the top
    rank); None for Django's and third-party apps, which any app may point at."""
    if label in BASE:
        return BASE.index(label)
    return len(BASE) if label in project_labels() else None


def model_edges() -> set[tuple[str, str, str]]:
    """(model, field, related model) for every relation a project model declares: foreign
    keys, one-to-ones and many-to-manys, including the through models'."""
    edges = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in project_labels():
            continue
        for field in [*model._meta.fields, *model._meta.many_to_many]:
            if field.is_relation and field.related_model is not None:
                edges.add((model._meta.label, field.name, field.related_model._meta.label))
    return edges


def upward(edges) -> list[tuple[str, str, str]]:
    found = []
    for source, field, target in edges:
        low, high = rank(source.split(".")[0]), rank(target.split(".")[0])
        if low is not None and high is not None and low < len(BASE) and high > low:
            found.append((source, field, target))
    return sorted(found)


def test_no_base_model_points_at_a_later_app():
    assert upward(model_edges()) == []


def test_it_sees_the_relations_it_checks():
    edges = model_edges()
    assert ("queueing.Counter", "staff", "staff.Staff") in edges
    assert ("staff.Staff", "centre", "centre.Centre") in edges
    assert upward({("centre.Centre", "x", "staff.Staff")}) == [
        ("centre.Centre", "x", "staff.Staff")
    ]
    assert upward({("staff.Staff", "x", "counters.AuditLog")}) != []
    assert upward({("counters.AuditLog", "x", "kiosk.KioskDevice")}) == []  # same top rank


def imported_apps(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_base_app_imports_a_later_one():
    offenders = []
    for position, label in enumerate(BASE):
        later = set(project_labels()) - set(BASE[: position + 1])
        for path in (ROOT / label).rglob("*.py"):
            bad = imported_apps(path) & later
            if bad:
                offenders.append((path.relative_to(ROOT).as_posix(), sorted(bad)))
    assert offenders == []
