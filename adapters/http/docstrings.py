"""The docstrings the code writes under attributes and enum members, read from the source with `ast`, so that
the OpenAPI document and the reference lists describe fields in the code's own words."""

from __future__ import annotations

import ast
import functools
import inspect
import sys

from adapters.http.derived import DERIVED_FROM


@functools.cache
def _module_tree(module: str) -> ast.Module | None:
    try:
        return ast.parse(inspect.getsource(sys.modules[module]))
    except (KeyError, OSError, TypeError, SyntaxError):
        return None


def _target(node: ast.stmt) -> str | None:
    """The name a statement binds, if it binds one plain name."""
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    return None


def _docstring(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        return inspect.cleandoc(node.value.value)
    return None


@functools.cache
def attribute_docs(cls: type) -> dict[str, str]:
    """The docstring under each attribute (or enum member) of a class, by name; empty where the code has none."""
    source = getattr(cls, DERIVED_FROM, None)
    if isinstance(source, type):
        return attribute_docs(source)
    tree = _module_tree(cls.__module__)
    classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == cls.__name__] if tree else []
    docs: dict[str, str] = {}
    for node in classes[:1]:
        for statement, following in zip(node.body, node.body[1:], strict=False):
            name, doc = _target(statement), _docstring(following)
            if name and doc:
                docs[name] = doc
    return docs


def class_doc(cls: type) -> str | None:
    """A class's own docstring (not one it inherits)."""
    doc = cls.__dict__.get("__doc__")
    return inspect.cleandoc(doc) if isinstance(doc, str) else None
