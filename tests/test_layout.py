"""The house rules of the code's layout, checked on the source tree (README "Layout").

- every module of `pdsite/` (migrations aside) says in a docstring what it owns;
- none passes MAX_LINES lines: past that a module mixes concerns and is split by sub-domain;
- imports run one way: the apps form no cycle, and inside `videos/` neither do the modules,
  counting function-local imports (a cycle hidden inside a function is still a cycle).
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pdsite"
MAX_LINES = 400
# Project-level modules that wire the apps together (settings, root URLconf, Celery app).
WIRING = {"settings", "urls", "celery", "wsgi", "asgi"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path) -> set[str]:
    """Every pdsite module `name` imports, at module level or inside functions."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            return  # annotations only: nothing is imported at run time
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                # `from pdsite.videos import services` imports the module pdsite.videos.services.
                submodule = f"{module}.{alias.name}"
                targets.add(submodule if submodule in MODULES else module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(), filename=str(path)))
    return {target for target in targets if target.startswith("pdsite.") and target != name}


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] not in WIRING else None


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph` as a path [a, b, ..., a], or None when it is acyclic."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_says_what_it_owns(name):
    path = MODULES[name]
    source = path.read_text()
    if not source.strip():
        return  # an empty package marker owns nothing
    assert ast.get_docstring(ast.parse(source)), f"{path.relative_to(ROOT)} has no module docstring"


def test_no_module_mixes_concerns_past_the_line_limit():
    long = {
        str(path.relative_to(ROOT)): count
        for path in MODULES.values()
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines (split them by sub-domain): {long}"


def test_apps_import_one_way():
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        source_app = _app(name)
        for target in _imports(name, path):
            target_app = _app(target)
            if source_app and target_app and target_app != source_app:
                graph[source_app].add(target_app)
    assert _cycle(graph) is None, f"apps import each other in a cycle: {' -> '.join(_cycle(graph))}"


def test_videos_modules_import_one_way():
    videos = {name: path for name, path in MODULES.items() if name.startswith("pdsite.videos")}
    graph = {name: {t for t in _imports(name, path) if t in videos} for name, path in videos.items()}
    # A package's __init__ re-exporting its submodules is not a cycle with them.
    for name in graph:
        graph[name] = {t for t in graph[name] if not (t.startswith(name + ".") or name.startswith(t + "."))}
    found = _cycle(graph)
    assert found is None, f"videos modules import each other in a cycle: {' -> '.join(found)}"


def test_videos_knows_no_other_app():
    """The pipeline is the bottom layer: search, courses and the rest listen to it, never back."""
    knows = {
        name: sorted(t for t in _imports(name, path) if _app(t) not in (None, "videos"))
        for name, path in MODULES.items()
        if name.startswith("pdsite.videos")
    }
    assert not {name: targets for name, targets in knows.items() if targets}


def test_no_template_comment_spans_lines():
    """Django's {# … #} is one line only: one that spans lines prints on the page."""
    spanning = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "pdsite").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line[line.index("{#"):]
    ]
    assert not spanning, f"use {{% comment %}} for these: {spanning}"
