"""The OpenAPI schema of attrs classes: Litestar's own, plus what the door enforces on request bodies (no unknown
fields, maximum lengths, text without NUL, safe integers, decimal text), descriptions from the docstrings under
each field, and the registered example of each request body."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from litestar._openapi.schema_generation import SchemaCreator
from litestar.openapi.spec import OpenAPIType, Reference, Schema
from litestar.plugins.attrs import AttrsSchemaPlugin
from litestar.typing import FieldDefinition

from adapters.http.bodies import leaf_types
from adapters.http.docstrings import attribute_docs, class_doc
from adapters.http.examples import EXAMPLES
from adapters.http.limits import max_length
from adapters.http.scalars import DECIMAL_PATTERN, SAFE_INTEGER, TEXT_PATTERN
from adapters.http.strict import assigned_fields, fields_of


class AttrsSchema(AttrsSchemaPlugin):
    """Registered on the app in place of Litestar's attrs plugin (which it then leaves out)."""

    def __init__(self, inputs: Callable[[], frozenset[type]]) -> None:
        self._inputs = inputs
        self._known: frozenset[type] | None = None

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        """The component schema of one attrs class."""
        cls = field_definition.type_
        hints = field_definition.get_type_hints(include_extras=True, resolve_generics=True)
        fields = fields_of(cls)
        assigned = assigned_fields(cls)
        schema = schema_creator.create_component_schema(
            field_definition,
            required=[name for name, (_, required) in fields.items() if required],
            property_fields={name: FieldDefinition.from_kwarg(hints[name], name) for name in (*fields, *assigned)},
        )
        schema.description = class_doc(cls)
        docs = attribute_docs(cls)
        is_input = cls in self.inputs
        for name, prop in (schema.properties or {}).items():
            if docs.get(name) and isinstance(prop, Schema | Reference):
                prop.description = docs[name]
            if name in assigned and isinstance(prop, Schema | Reference):
                # Responses show it; a request that sends it is refused (OpenAPI's readOnly).
                _read_only(prop)
            elif is_input and isinstance(prop, Schema):
                _constrain(prop, fields[name][0], name)
        if is_input:
            schema.additional_properties = False
            schema.examples = [EXAMPLES[cls]] if cls in EXAMPLES else None
        return schema

    @property
    def inputs(self) -> frozenset[type]:
        """The attrs classes request bodies hold (worked out on first use, once the app's routes exist)."""
        if self._known is None:
            self._known = self._inputs()
        return self._known


def _read_only(prop: Schema | Reference) -> None:
    """Mark a property read-only (set by the server, never sent)."""
    if isinstance(prop, Schema):
        prop.read_only = True


def _leaves(schema: Schema) -> Iterator[Schema]:
    """The schemas of single values inside a property's schema (through oneOf and array items)."""
    for option in schema.one_of or ():
        if isinstance(option, Schema):
            yield from _leaves(option)
    if isinstance(schema.items, Schema):
        yield from _leaves(schema.items)
    if not schema.one_of and schema.items is None:
        yield schema


def _constrain(schema: Schema, hint: Any, name: str) -> None:
    """State on a property's schema what the door enforces on its values."""
    scalars = set(leaf_types(hint))
    for leaf in _leaves(schema):
        if leaf.enum or leaf.format:
            continue
        if leaf.type == OpenAPIType.STRING and str in scalars:
            leaf.max_length, leaf.pattern = max_length(name), TEXT_PATTERN
        elif leaf.type == OpenAPIType.STRING and Decimal in scalars:
            leaf.pattern = DECIMAL_PATTERN
        elif leaf.type == OpenAPIType.INTEGER:
            leaf.minimum, leaf.maximum = -SAFE_INTEGER, SAFE_INTEGER
