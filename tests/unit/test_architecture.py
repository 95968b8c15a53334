"""The layers of the directory package, read from its imports: rules at the bottom,
delivery at the top, nothing importing upward and no import circle."""

import ast
import pathlib
from collections import defaultdict

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "directory"

# Lower numbers sit lower. A module may import from its own layer's package, from lower
# layers, and (delivery only) from another delivery package; never from a higher layer.
LAYERS = {
    "rules": 0,
    "infra": 0,
    "models": 1,
    "search": 2,
    "listings": 3,
    "review": 4,
    "exchange": 4,
    "web": 5,
    "api": 5,
    "admin": 5,
    "admin_site": 5,
    "admin_apps": 5,
    "apps": 5,
    "templatetags": 5,
    "management": 5,
    "migrations": 5,
}
DELIVERY = 5


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module -> the directory modules it imports, at any depth of its code."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        module = _module_name(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                names = [f"{base}.{alias.name}" for alias in node.names]
                targets = [name if _is_module(name) else base for name in names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            graph[module] |= {target for target in targets if target.split(".")[0] == "directory"}
    return graph


def _is_module(name: str) -> bool:
    relative = pathlib.Path(*name.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").exists() or (PACKAGE / relative / "__init__.py").exists()


def _layer(module: str) -> tuple[str, int]:
    top = module.split(".")[1] if "." in module else ""
    if top not in LAYERS:
        raise AssertionError(f"{module} belongs to no layer: add its package to LAYERS")
    return top, LAYERS[top]


IMPORTS = _imports()


@pytest.mark.parametrize("module", sorted(IMPORTS))
def test_nothing_imports_upward(module):
    package, layer = _layer(module)
    upward = []
    for target in IMPORTS[module]:
        if target == "directory":
            continue
        target_package, target_layer = _layer(target)
        if target_package == package:
            continue
        if target_layer > layer or (target_layer == layer and layer < DELIVERY):
            upward.append(target)
    assert not upward, f"{module} imports from its own layer's neighbours or above: {sorted(upward)}"


def test_no_import_circle():
    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            cycle = trail[trail.index(module) :] + [module]
            raise AssertionError("import circle: " + " -> ".join(cycle))
        if module in done:
            return
        for target in sorted(IMPORTS.get(module, ())):
            visit(target, [*trail, module])
        done.add(module)

    done: set[str] = set()
    for module in sorted(IMPORTS):
        visit(module, [])
