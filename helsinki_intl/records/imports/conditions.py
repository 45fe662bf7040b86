"""A check constraint's condition answered in Python, as the database would answer it.

Django checks a `CheckConstraint` against an unsaved record with a query (in a savepoint when
in a transaction): three queries a constraint and a row, in an import. The registers'
conditions only compare a record's own fields with constants, with each other and with
NULL, which Python can answer. SQL's three-valued logic is kept: a comparison with NULL is
unknown, and a check is broken only when its condition is false, not when unknown.

A condition with anything else (a function, a join, another lookup) is `Unsupported`, and is
checked by the database as before.
"""

import operator

from django.db.models import F, Model, Q

COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class Unsupported(Exception):
    """The condition uses what this module does not answer."""


def field_names(condition) -> set[str]:
    """The fields a condition reads, its F() references included."""
    names = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= field_names(child)
            continue
        lookup, value = child
        names.add(lookup.split("__")[0])
        if isinstance(value, F):
            names.add(value.name)
    return names


def holds(condition: Q, record: Model) -> bool | None:
    """True, False or None (unknown) for the record's values, as SQL would evaluate them."""
    results = [
        holds(child, record) if isinstance(child, Q) else _lookup(child, record)
        for child in condition.children
    ]
    if condition.connector == Q.AND:
        result = False if False in results else None if None in results else True
    elif condition.connector == Q.OR:
        result = True if True in results else None if None in results else False
    else:
        raise Unsupported(condition.connector)
    if condition.negated and result is not None:
        result = not result
    return result


def _lookup(child, record: Model) -> bool | None:
    lookup, expected = child
    name, _, kind = lookup.partition("__")
    value = _value(record, name)
    if isinstance(expected, F):
        if "__" in expected.name:
            raise Unsupported(expected.name)
        expected = _value(record, expected.name)
    elif hasattr(expected, "resolve_expression"):
        raise Unsupported(expected)
    elif isinstance(expected, Model):
        expected = expected.pk
    kind = kind or "exact"
    if kind == "isnull":
        return (value is None) == bool(expected)
    if kind == "exact" and expected is None:
        return value is None
    if kind not in COMPARISONS or "__" in kind:
        raise Unsupported(lookup)
    if value is None or expected is None:
        return None
    return COMPARISONS[kind](value, expected)


def _value(record: Model, name: str):
    field = record._meta.get_field(name)
    if field.is_relation and not field.many_to_one:
        raise Unsupported(name)
    value = getattr(record, field.attname)
    return value.pk if isinstance(value, Model) else value
