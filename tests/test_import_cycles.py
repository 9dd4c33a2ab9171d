"""Inside an app, imports run one way too: no module imports one that imports it back, directly
or round a longer loop (docs/development.md, "Layers").

Read from the source with `ast`, so an import inside a function counts: a lazy import hides a
loop from Python, not from the reader who has to hold both modules in mind. Migrations are left
out (Django loads them apart). A package's `__init__` counts as a module: `from quiz.models import
Quiz` inside `quiz/models/pages.py` is a loop through the package.

A loop left on purpose would be listed in KNOWN with the reason; there are none, and the list
may only shrink.
"""

import ast
from pathlib import Path

import pytest

from tests.test_layers import CHECKED, ROOT

# Each a set of modules that import one another round a loop, and why it is left.
KNOWN: dict[frozenset, str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {}
    for app in CHECKED:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    named = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            named |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(parts + ([base] if base else []))
            named.add(base)
            named |= {f"{base}.{alias.name}" for alias in node.names}
    found = set()
    for target in named:
        while target and target not in known:  # `from a.b import c`: c may be a name, not a module
            target = target.rpartition(".")[0]
        if target and target != name and target.split(".")[0] == name.split(".")[0]:
            found.add(target)
    return found


def loops(graph: dict[str, set[str]]) -> list[frozenset]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(frozenset(component))

    for node in graph:
        if node not in index:
            visit(node)
    return result


@pytest.fixture(scope="module")
def found_loops():
    known = modules()
    return loops({name: imports_of(name, path, known) for name, path in known.items()})


def test_no_module_imports_one_that_imports_it_back(found_loops):
    new = [sorted(loop) for loop in found_loops if loop not in KNOWN]
    assert not new, f"Import loops inside an app: {new}. Move what both need into a lower module."


def test_the_known_loops_are_still_there(found_loops):
    # A loop that was broken leaves the list, so the list only ever shrinks.
    gone = [sorted(loop) for loop in KNOWN if loop not in found_loops]
    assert not gone, f"No longer loops, take them out of KNOWN: {gone}"


def test_the_check_finds_a_loop(tmp_path):
    graph = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": {"a.x"}}
    assert loops(graph) == [frozenset({"a.x", "a.y", "a.z"})]
