"""The apps depend one way, with no import cycle between or inside them.

``core`` (bilingual text, the domain error) stands on nothing of ours; the directory
(``network``) on ``core``; ``events`` (with registrations) on both; the organisers' webhooks
(``webhooks``) on ``events``, which only announce their changes to it; ``home`` (home page, site
search, accounts) on all of them; ``site`` (settings, URLs) on top. Imports sit at module top:
one inside a function needs a comment on its line saying why (a slow library loaded only
when used), and may never be a way round an import cycle of our own modules.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["core", "network", "events", "webhooks", "home", "site"]
OURS = {"core", "network", "events", "webhooks", "home", "fixtures", "urls", "settings"}


def _module_name(path):
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[0] == "site":
        parts = ["site", *parts[1:]]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _sources():
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield _module_name(path), path


def _imports(path, module):
    """``[(imported module, line, inside a function, line text)]`` of our own modules."""
    tree = ast.parse(path.read_text(), filename=str(path))
    lines = path.read_text().splitlines()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node, nested):
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # ``from package import module`` depends on that module; the package's own
                # ``__init__`` only runs first, as it does for any submodule.
                names = [f"{base}.{alias.name}" for alias in child.names]
                names = [name if name in MODULES else base for name in names]
            else:
                visit(child, inner)
                continue
            for name in names:
                if name.split(".")[0] in OURS:
                    found.append((name, child.lineno, nested, lines[child.lineno - 1]))

    visit(tree, False)
    return found


MODULES = dict(_sources())


def _resolve(name):
    """The module ``name`` refers to: itself, or the module a ``from x import y`` name is in."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _layer(module):
    return module.split(".")[0]


def test_apps_depend_one_way():
    wrong = []
    for module, path in MODULES.items():
        for name, line, _nested, _text in _imports(path, module):
            target = _resolve(name)
            if target and LAYERS.index(_layer(target)) > LAYERS.index(_layer(module)):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert wrong == []


def test_imports_sit_at_module_top_unless_a_comment_says_why():
    inside = []
    for module, path in MODULES.items():
        for name, line, nested, text in _imports(path, module):
            if nested and "#" not in text:
                inside.append(f"{path.relative_to(ROOT)}:{line} {name}")
    assert sorted(set(inside)) == []


def _graph():
    graph = {}
    for module, path in MODULES.items():
        edges = set()
        for name, _line, _nested, _text in _imports(path, module):
            target = _resolve(name)
            if target and target != module:
                edges.add(target)
        graph[module] = edges
    return graph


def _reachable(graph, start):
    """Every module ``start`` imports, directly or through others."""
    found, stack = set(), [start]
    while stack:
        for target in graph.get(stack.pop(), ()):
            if target not in found:
                found.add(target)
                stack.append(target)
    return found


def _cycles(graph):
    """Groups of modules that import each other, directly or round a loop."""
    reach = {node: _reachable(graph, node) for node in graph}
    groups = set()
    for node in graph:
        group = frozenset({node} | {other for other in reach[node] if node in reach.get(other, ())})
        if len(group) > 1:
            groups.add(group)
    return sorted(sorted(group) for group in groups)


def test_no_import_cycle_between_or_inside_the_apps():
    assert _cycles(_graph()) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert _cycles(graph) == expected
