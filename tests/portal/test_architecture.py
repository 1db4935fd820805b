"""The import rules of docs/architecture.md, checked on the source.

core <- meetings <- workplans; arcs may import core and meetings; the shared code in
accsm_portal/lib imports no app; no app imports another app's views or API.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
APP_FOLDERS = {
    "core": BASE_DIR / "accsm_portal" / "core",
    "meetings": BASE_DIR / "meetings",
    "workplans": BASE_DIR / "workplans",
    "arcs": BASE_DIR / "arcs",
    "lib": BASE_DIR / "accsm_portal" / "lib",
}
APP_MODULES = {
    "core": "accsm_portal.core",
    "meetings": "meetings",
    "workplans": "workplans",
    "arcs": "arcs",
}
MAY_IMPORT = {
    "core": set(),
    "meetings": {"core"},
    "workplans": {"core", "meetings"},
    "arcs": {"core", "meetings"},
    "lib": set(),
}


def imported_names(folder: Path) -> list[tuple[str, str]]:
    """(file, dotted name) for every absolute import in the folder, migrations aside.

    `from meetings import views` gives both "meetings" and "meetings.views".
    """
    found = []
    for path in sorted(folder.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(path.name, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append((path.name, node.module))
                found += [(path.name, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def app_and_part(name: str) -> tuple[str | None, str]:
    """("meetings", "api") for "meetings.api.views"; (None, "") outside the apps."""
    for app, module in APP_MODULES.items():
        if name == module or name.startswith(module + "."):
            return app, name.removeprefix(module).lstrip(".").split(".")[0]
    return None, ""


def violations(app: str, folder: Path) -> list[str]:
    found = []
    for file, name in imported_names(folder):
        other, part = app_and_part(name)
        if other in (None, app):
            continue
        if other not in MAY_IMPORT[app]:
            found.append(f"{file}: {name} ({app} may not import {other})")
        elif part in {"views", "api"}:
            found.append(f"{file}: {name} (another app's views or API)")
    return sorted(set(found))


@pytest.mark.parametrize("app", list(APP_FOLDERS))
def test_each_app_imports_only_what_the_architecture_allows(app):
    assert violations(app, APP_FOLDERS[app]) == []


def test_the_checker_reports_forbidden_imports(tmp_path):
    (tmp_path / "services.py").write_text(
        "from accsm_portal.core.models import Country\n"
        "from meetings.selectors import meeting_list_public\n"
        "from meetings import views\n"
        "import meetings.api.serializers\n"
        "from arcs.models import ResourceCentre\n"
    )

    assert violations("workplans", tmp_path) == [
        "services.py: arcs.models (workplans may not import arcs)",
        "services.py: arcs.models.ResourceCentre (workplans may not import arcs)",
        "services.py: meetings.api.serializers (another app's views or API)",
        "services.py: meetings.views (another app's views or API)",
    ]
