"""Quick positional constructors for the frozen attrs classes made once per table cell.

attrs gives a frozen slotted class an ``__init__`` that takes keyword
arguments and sets every field through ``object.__setattr__``, since the
class's own ``__setattr__`` refuses.  A parse makes a
:class:`~govinfo_report.errors.SourceLocation`, a
:class:`~govinfo_report.parsers._blocks.GridCell` and often a
:class:`~govinfo_report.model.Cell` for every table cell, and there that
``__init__`` costs a good share of the parse.  :func:`quick_init` builds, as
attrs builds ``__init__``, a function that takes the chosen fields by
position, gives the others their defaults and writes the slots directly: an
object equal to the one the class's ``__init__`` makes, in about half the
time.  It refuses classes whose ``__init__`` does more than store values
(validators, converters, factories, hooks).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

__all__ = ["quick_init"]

T = TypeVar("T")


def quick_init(cls: type[T], *names: str) -> Callable[..., T]:
    """Return ``build(*values)``, the same as ``cls(**dict(zip(names, values)))``.

    Args:
        cls: A frozen slotted attrs class whose ``__init__`` only stores its arguments.
        names: The fields ``build`` takes, in the order it takes them; the other
            fields get their defaults.

    Raises:
        TypeError: ``cls`` is not such a class, or a name is not one of its
            fields, or an omitted field has no plain default.
    """
    fields = attrs.fields(cast("type[attrs.AttrsInstance]", cls))
    known = {field.name for field in fields}
    if not set(names) <= known or len(set(names)) != len(names):
        raise TypeError(f"{names} are not distinct fields of {cls.__name__}")
    if hasattr(cls, "__attrs_pre_init__") or hasattr(cls, "__attrs_post_init__"):
        raise TypeError(f"{cls.__name__}.__init__ runs hooks")
    slots = set(cls.__dict__.get("__slots__", ())) - {"__weakref__"}
    if slots != known:
        raise TypeError(f"{cls.__name__} is not a slotted class of exactly its fields")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    lines = [f"def build({', '.join(names)}):", "    self = _new(_cls)"]
    for field in fields:
        slot = cls.__dict__[field.name]
        if not isinstance(slot, types.MemberDescriptorType):
            raise TypeError(f"{cls.__name__}.{field.name} is not a slot")
        if field.validator is not None or field.converter is not None or not field.init:
            raise TypeError(f"{cls.__name__}.{field.name} is not a plain field")
        namespace[f"_set_{field.name}"] = slot.__set__
        if field.name in names:
            value = field.name
        elif field.default is attrs.NOTHING or isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            raise TypeError(f"{cls.__name__}.{field.name} has no plain default")
        else:
            namespace[f"_default_{field.name}"] = field.default
            value = f"_default_{field.name}"
        lines.append(f"    _set_{field.name}(self, {value})")
    lines.append("    return self")
    exec("\n".join(lines), namespace)  # noqa: S102 - code built from field names only, as attrs does
    build: Callable[..., T] = namespace["build"]
    build.__qualname__ = build.__name__ = f"quick_{cls.__name__}"
    return build
