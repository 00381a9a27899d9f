"""One core, several faces: no module outside popguide.tui imports Textual, checked over the whole package."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import popguide


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(popguide.__path__, "popguide.")]
    return sorted(n for n in names if not n.startswith("popguide.tui") and n != "popguide.__main__")


def test_the_core_is_found_and_covers_every_part():
    names = core_modules()
    for part in ("popguide.library.loader", "popguide.matching", "popguide.guide.engine", "popguide.guide.behaviours.scanning",
                 "popguide.understanding", "popguide.session", "popguide.store", "popguide.assessment", "popguide.training",
                 "popguide.report.render", "popguide.workspace", "popguide.cli"):
        assert any(n == part or n.startswith(part + ".") for n in names), part


def test_no_core_module_imports_textual_even_when_a_whole_session_runs(tmp_path):
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "from popguide.cli import main\n"
        "main(['match', 'scramblers on the field', '--json'])\n"
        "from popguide.workspace import Workspace\n"
        f"g = Workspace(data_dir={str(tmp_path)!r}).guide()\n"
        "g.respond('lads on scramblers on the playing fields every night'); g.respond('yes'); g.respond('/export md')\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]


def _imports(path, package: str) -> set[str]:
    """Modules of popguide that one file imports (at the top or inside functions)."""
    import ast

    out = set()

    def nodes(tree):
        """Every node, leaving out `if TYPE_CHECKING:` blocks (imports for type hints only are no circle)."""
        for node in ast.iter_child_nodes(tree):
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
                continue
            yield node
            yield from nodes(node)

    for node in nodes(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module is not None or isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")
            base = base[: len(base) - node.level] if node.level else []
            target = ".".join(base + ([node.module] if node.module else [])) if node.level else node.module
            out.add(target)
            out.update(f"{target}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m.startswith("popguide")}


def test_no_import_circle_in_the_core():
    """The engine, its behaviours and its readers (plan, review, coach, reports) import in one direction only."""
    from pathlib import Path

    root = Path(popguide.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        rel = path.relative_to(root.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        if name.startswith("popguide.tui"):
            continue
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        graph[name] = _imports(path, package + ".x" if path.name == "__init__.py" else name)
    known = set(graph)
    graph = {k: {m for m in v if m in known and m != k} for k, v in graph.items()}
    # a package's __init__ re-exporting its own modules is not a circle
    graph = {k: {m for m in v if not k.startswith(m + ".")} for k, v in graph.items()}
    seen, stack, cycle = set(), [], []

    def visit(node):
        if node in stack:
            cycle.append(stack[stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt)
        stack.pop()

    for node in sorted(graph):
        visit(node)
    assert not cycle, " -> ".join(cycle[0])
    engine = graph["popguide.guide.engine"]
    assert not engine & {"popguide.guide.plan", "popguide.training", "popguide.report", "popguide.report.render"}
