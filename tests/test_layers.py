"""Dependencies point one way: api -> register.services | audits -> register.infra -> rules and tables.

Every import of the project's own modules is read from the source (including imports inside functions,
which hide cycles from Python itself), and each module is placed in a layer by its name. A module may
import its own layer or a lower one; `register.services` and the audit workflows are peers that never
import each other; the pure rules import nothing that does I/O; and no group of modules imports itself
round in a circle. A new module that fits no layer fails the test, so it is placed on purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("register", "audits", "api")

# (layer, name, module prefixes); a module belongs to the longest matching prefix
LAYERS: list[tuple[int, str, tuple[str, ...]]] = [
    # pure: no I/O and no clock; error types are plain data that rules raise; the vocabulary (codes, labels,
    # thresholds) and the Dutch presentation of dates and numbers (register.opmaak) are used by every layer
    (
        0,
        "rules",
        ("register.rules", "register.vocabulary", "register.opmaak", "register.errors", "audits.regels"),
    ),
    (
        1,
        "base",
        (
            "register.clock",
            "register.actor",
            "register.validators",
            "register.arbeidsmarktregios",
            "register.kwaliteit",
            "register.grafieken",
            "register.tables",
            "register.piccolo_app",
            "register.db",
            "register.migrations_check",
            "audits.tables",
            "audits.piccolo_app",
        ),
    ),
    (2, "infra", ("register.infra",)),
    (3, "services", ("register.services",)),
    (3, "audits", ("audits.toetsingen", "audits.organisatie_audits")),
    (4, "api", ("api",)),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def own_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # frozen history: migrations are never imported by the code
            found[module_name(path)] = path
    return found


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """The project's modules this file imports, anywhere in it (module level or inside a function)."""
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            # `from register.services import jobcoaches` names a module; `from x import func` names x
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def layer_of(module: str) -> tuple[int, str] | None:
    best: tuple[int, int, str] | None = None
    for level, label, prefixes in LAYERS:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > best[0]
            ):
                best = (len(prefix), level, label)
    return None if best is None else (best[1], best[2])


def graph() -> dict[str, set[str]]:
    modules = own_modules()
    known = set(modules)
    return {name: imports_of(path, name, known) for name, path in modules.items()}


def violations(edges: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(edges.items()):
        here = layer_of(module)
        if here is None:
            if module not in PACKAGES:
                found.append(f"{module} hoort in geen laag: zet hem in LAYERS")
            continue
        for target in sorted(targets):
            there = layer_of(target)
            if there is None:
                continue
            if there[0] > here[0]:
                found.append(f"{module} ({here[1]}) importeert hogere laag {target} ({there[1]})")
            elif there[0] == here[0] and here[1] != there[1]:
                found.append(f"{module} ({here[1]}) importeert buurlaag {target} ({there[1]})")
            elif here[1] == "rules" and there[1] != "rules":
                found.append(f"{module} is een pure regel maar importeert {target}")
    return found


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_dependencies_point_down():
    assert violations(graph()) == []


def test_no_import_cycles():
    assert cycles(graph()) == []


@pytest.mark.parametrize(
    ("module", "target"),
    [
        ("register.rules.kwalificatie", "register.db"),  # a pure rule doing I/O
        ("register.infra.auditlog", "register.services.jobcoaches"),  # infrastructure calling up
        ("register.services.jobcoaches", "audits.toetsingen"),  # peers importing each other
        ("register.services.trajecten", "api.app"),  # a service reaching into the web layer
    ],
)
def test_an_upward_import_is_caught(module, target):
    edges = graph()
    edges[module] = edges[module] | {target}
    assert any(v.startswith(module) for v in violations(edges))


def test_a_cycle_is_caught():
    edges = graph()
    edges["register.services.verificaties"] |= {"register.services.signalen"}
    edges["register.services.signalen"] |= {"register.services.verificaties"}
    assert ["register.services.signalen", "register.services.verificaties"] in cycles(edges)
