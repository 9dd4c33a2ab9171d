"""Everything the portal keeps inside one process is listed here with why it is safe on many app
servers (docs/deployment.md, "State kept in a process"), and nothing new may appear unlisted.

Read from the source with `ast`: module-level objects that hold state (instances, dicts, lists,
sets, thread-locals) and functions memoised with functools' caches. A new one fails this test
until it is shared, bounded and invalidated across processes, or shown harmless and listed.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "approaches", "quiz", "governance", "portal"]
# Optional apps of this round join the scan as soon as they exist.
APPS += [p.name for p in ROOT.iterdir() if (p / "apps.py").exists() and p.name not in APPS]

# module:name -> why it is safe with several app servers, and the test that shows it.
KNOWN = {
    "core.delivery.page_cache:local_pages": (
        "stored pages and memos, bounded (PAGE_CACHE_LOCAL_PAGES/MEMOS), valid for one content "
        "generation read from the database at most PAGE_CACHE_GENERATION_CHECK s ago",
        "tests/core/test_page_cache.py, tests/topology/test_freshness.py",
    ),
    "core.delivery.security:_local_counts": (
        "rate-limit counters used only while the shared cache is unreachable; bounded (MAX_KEYS) and expiring",
        "tests/core/test_rate_limit_fallback.py",
    ),
    "core.delivery.clients:_networks": (
        "TRUSTED_PROXIES parsed: a pure function of a setting, which a process never changes",
        "tests/core/test_clients.py",
    ),
    "core.plumbing.search_backend:_postgres_classes": (
        "the PostgreSQL search classes, built once: code, not content",
        "tests/approaches/test_search_spanish.py",
    ),
    "core.site.review_rules:_textstat": (
        "one reading-grade calculator per language (two): no content kept",
        "tests/core/test_governance.py",
    ),
    "api.http:memo": (
        "built API bodies, bounded (API_MEMO_ENTRIES), valid for one content generation and 60 s at most",
        "tests/api/test_http.py, tests/topology/test_api_freshness.py",
    ),
    "core.plumbing.tasks:_held": (
        "tasks held for the current request's commit: one thread's, emptied each request",
        "tests/core/test_tasks.py",
    ),
}

STATEFUL_CALLS = {"dict", "list", "set", "OrderedDict", "defaultdict", "local", "Lock", "RLock", "Counter", "deque"}
MEMOISERS = {"lru_cache", "cache"}


def _called_name(node) -> str:
    func = node.func if isinstance(node, ast.Call) else node
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def kept_in_process(source: str, module: str) -> set[str]:
    tree = ast.parse(source)
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    found = set()
    for node in tree.body:
        value = getattr(node, "value", None)
        if isinstance(node, ast.Assign | ast.AnnAssign) and value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            # UPPER_CASE names are constants by convention, and public literals (urlpatterns,
            # tables) are read at start-up; a private literal or a stateful object is kept state.
            names = [t.id for t in targets if isinstance(t, ast.Name) and not t.id.isupper() and t.id != "__all__"]
            literal = isinstance(value, ast.Dict | ast.List | ast.Set)
            made = isinstance(value, ast.Call) and _called_name(value) in STATEFUL_CALLS | classes
            found |= {f"{module}:{name}" for name in names if made or (literal and name.startswith("_"))}
        if isinstance(node, ast.FunctionDef) and any(_called_name(d) in MEMOISERS for d in node.decorator_list):
            found.add(f"{module}:{node.name}")
    return found


def scan() -> set[str]:
    found = set()
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or "settings" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found |= kept_in_process(path.read_text(), module)
    return found


def test_every_piece_of_state_kept_in_a_process_is_known_and_explained():
    assert scan() - set(KNOWN) == set()


def test_the_list_names_nothing_that_is_gone():
    assert set(KNOWN) - scan() == set()


def test_the_scan_sees_module_state_and_memoised_functions():
    source = (
        "import functools, threading\n"
        "class Store: pass\n"
        "_store = Store()\n_seen = {}\n_held = threading.local()\nLIMIT = 3\nurlpatterns = []\n"
        "@functools.lru_cache(maxsize=8)\ndef parsed(x): return x\n"
    )
    assert kept_in_process(source, "m") == {"m:_store", "m:_seen", "m:_held", "m:parsed"}
