"""The package's shape, checked: layers import only from their own layer or lower ones, no import cycle (imports
inside functions included), every layer says its one job, and the default models ship inside the package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
LAYERS = ["core", "knowledge", "ingest", "analysis", "output", "results", "batch", "evaluation"]  # lowest first


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imports(name: str, path: Path, known: dict) -> set[str]:
    """The modules of the package that `name` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        for alias in node.names:
            candidate = f"{target}.{alias.name}"
            found.add(candidate if candidate in known else target)
    return {m for m in found if m in known and m not in (name, "pipeline")}


GRAPH = {name: imports(name, path, modules()) for name, path in modules().items()}


def layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in LAYERS else None


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if layer(n)))
def test_a_module_imports_only_its_own_layer_or_lower_ones(name):
    upward = [d for d in GRAPH[name] if layer(d) and LAYERS.index(layer(d)) > LAYERS.index(layer(name))]
    assert not upward, f"{name} ({layer(name)}) imports {upward}"


def test_no_import_cycle():
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for dep in sorted(GRAPH[node]):
            if state.get(dep) == 1:
                raise AssertionError(" -> ".join(trail[trail.index(dep):] + [dep]) if dep in trail else dep)
            if dep not in state:
                visit(dep, trail + [dep])
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])


@pytest.mark.parametrize("name", LAYERS)
def test_every_layer_says_its_one_job(name):
    doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc) > 40, name


def test_nothing_is_left_in_the_flat_package():
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py", "__main__.py", "cli.py"]


def test_the_default_models_are_package_data():
    from pipeline.knowledge.resources import MODELS_DIR

    assert MODELS_DIR.resolve().is_relative_to(PACKAGE) or MODELS_DIR != PACKAGE / "models"  # PIPELINE_MODELS may point elsewhere
    for name in ("codebook.yaml", "cleaning.yaml", "sections.yaml", "entities.yaml", "stopwords.yaml", "gazetteer"):
        assert (PACKAGE / "models" / name).exists(), name


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_modules_and_functions_stay_small(name):
    """A module a newcomer reads in one sitting (≤ 400 lines), functions of one screen (≤ 60 lines)."""
    path = modules()[name]
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 400, f"{name}: {len(source.splitlines())} lines"
    long = [(node.name, node.end_lineno - node.lineno + 1) for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 60]
    assert not long, f"{name}: {long}"
