"""The search app sits above the domain apps: it may read them, none of them imports it."""

import ast
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
DOMAIN = [
    BASE_DIR / "accsm_portal" / "core",
    BASE_DIR / "meetings",
    BASE_DIR / "workplans",
    BASE_DIR / "arcs",
    BASE_DIR / "accsm_portal" / "lib",
]


def _imports(folder: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path.name, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path.name, node.module))
    return found


def test_no_domain_app_nor_lib_imports_the_search_app():
    offending = [
        f"{folder.name}/{file}: {name}"
        for folder in DOMAIN
        for file, name in _imports(folder)
        if name.startswith("accsm_portal.search")
    ]
    assert offending == []


def test_the_search_app_never_imports_another_apps_views_or_api():
    offending = [
        f"{file}: {name}"
        for file, name in _imports(BASE_DIR / "accsm_portal" / "search")
        if name.split(".")[0] in ("meetings", "workplans", "arcs")
        or name.startswith("accsm_portal.core")
        if {"views", "api"} & set(name.split("."))
    ]
    assert offending == []
