"""The apps form layers, and no app imports one above its own (README.md, "Layout").

Read from the source with `ast`, migrations included, so a lazy import inside a function or a
migration that waits for a higher app counts as much as a module-level import.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Bottom to top. `portal` (settings, URLs, seed_portal) sits above every app.
LAYERS = [
    "core",
    "approaches",
    "decision_aid",
    "priorities",
    "feedback",
    "linkcheck",
    "quiz",
    "governance",
    "api",
    "portal",
]
CHECKED = LAYERS[:-1]


def imported_apps(tree: ast.AST) -> set[str]:
    apps = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            apps |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            apps.add(node.module.split(".")[0])
    return apps & set(LAYERS)


def migration_dependencies(tree: ast.AST) -> set[str]:
    """App labels named in a migration's `dependencies = [("app", "name"), ...]`."""
    apps = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "dependencies" for t in node.targets):
            for item in getattr(node.value, "elts", []):
                first = item.elts[0] if isinstance(item, ast.Tuple) and item.elts else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    apps.add(first.value)
    return apps & set(LAYERS)


def violations(app: str, path: Path, source: str) -> list[str]:
    tree = ast.parse(source, filename=str(path))
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    found = [f"{path}: imports {other}" for other in sorted(imported_apps(tree) & above)]
    found += [f"{path}: migration depends on {other}" for other in sorted(migration_dependencies(tree) & above)]
    return found


@pytest.mark.parametrize("app", CHECKED)
def test_no_app_imports_a_layer_above_it(app):
    files = sorted((ROOT / app).rglob("*.py"))
    assert files, f"no Python files under {app}/"
    found = [v for path in files for v in violations(app, path.relative_to(ROOT), path.read_text())]
    assert found == []


def test_the_check_sees_lazy_imports_and_migration_dependencies():
    source = (
        "from core.models import PortalSettings\n"
        "def f():\n    from quiz.seeding import seed\n"
        "class Migration:\n    dependencies = [('core', '0001'), ('governance', '0001_initial')]\n"
    )
    assert violations("approaches", Path("approaches/x.py"), source) == [
        "approaches/x.py: imports quiz",
        "approaches/x.py: migration depends on governance",
    ]
