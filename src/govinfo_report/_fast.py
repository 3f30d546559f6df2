"""Fast construction and pickling of the library's own frozen attrs types (internal only).

Quick constructors
------------------
Quick positional constructors for the frozen attrs classes made once per table cell.

attrs gives a frozen slotted class an ``__init__`` that takes keyword
arguments and sets every field through ``object.__setattr__``, since the
class's own ``__setattr__`` refuses.  A parse makes a
:class:`~govinfo_report.errors.SourceLocation`, a
:class:`~govinfo_report.document.GridCell` and often a
:class:`~govinfo_report.model.Cell` for every table cell, and there that
``__init__`` costs a good share of the parse.  :func:`quick_init` builds, as
attrs builds ``__init__``, a function that takes the chosen fields by
position, gives the others their defaults and writes the slots directly: an
object equal to the one the class's ``__init__`` makes, in about half the
time.  It refuses classes whose ``__init__`` does more than store values
(validators, converters, factories, hooks).

Transport between processes
---------------------------
Sending the library's values between processes, quickly.

Pickling the reports is most of what the workers add to the cost of parsing small files, and
the parent's share (unpickling) competes with the workers for the CPUs.  attrs pickles a slotted
instance as a dict of its fields, restored one by one through its __setstate__.  This pickler
sends an instance of one of this library's attrs classes as its class and a tuple of its field
values instead, and the parent rebuilds it with a quick_init constructor (our own: it writes
the slots directly, as attrs' __init__ does, without running __init__ again), or through
object.__setattr__ (which attrs documents for frozen instances) for a class quick_init declines.
A report then takes less than half the time to pickle and about 55% of the time to unpickle, in
a sixth fewer bytes, through public interfaces only: Pickler.reducer_override, attrs.has and
attrs.fields.  It holds for classes whose whole state is in their fields, as in every attrs
class of this library (frozen, slotted, no cached hash), and for values without cycles (pickle
rebuilds the fields of a value before the value).
"""

from __future__ import annotations

import functools
import io
import operator
import pickle
import types
from collections.abc import Callable
from typing import Any, Final, TypeVar, cast

import attrs

__all__ = ["builder", "dumps", "fields_getter", "loads", "quick_init"]

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


_PACKAGE: Final = __name__.partition(".")[0]


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in attrs.fields(cls))


def fields_getter(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """Return a function giving an instance's field values, or None when ``cls`` is not ours."""
    if not attrs.has(cls) or cls.__module__.partition(".")[0] != _PACKAGE:
        return None
    names = _field_names(cls)
    if len(names) < 2:  # attrgetter returns a bare value for one name, and needs at least one
        return lambda obj: tuple(getattr(obj, name) for name in names)
    getter: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*names)
    return getter


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}


def builder(cls: type) -> Callable[..., Any]:
    """Return a function making an instance of ``cls`` from all its field values, by position."""
    names = _field_names(cls)
    try:
        return quick_init(cls, *names)
    except TypeError:  # validators, converters or hooks: set the fields one by one
        return functools.partial(_set_fields, cls, names)


def _set_fields(cls: type, names: tuple[str, ...], *values: Any) -> Any:
    obj: Any = object.__new__(cls)
    for name, value in zip(names, values, strict=True):
        object.__setattr__(obj, name, value)
    return obj


_BUILDERS: dict[type, Callable[..., Any]] = {}


def _rebuild(cls: type, values: tuple[Any, ...]) -> Any:
    """Recreate an instance pickled by :class:`_Pickler`, without running ``__init__`` again."""
    try:
        build = _BUILDERS[cls]
    except KeyError:
        build = _BUILDERS[cls] = builder(cls)
    return build(*values)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        getter = _GETTERS[cls] if cls in _GETTERS else _GETTERS.setdefault(cls, fields_getter(cls))
        if getter is None:
            return NotImplemented
        return (_rebuild, (cls, getter(obj)))


def dumps(value: object) -> bytes:
    """Pickle ``value``, the library's attrs instances as their class and field values."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    """Unpickle what :func:`dumps` wrote."""
    return pickle.loads(data)  # noqa: S301 - written by dumps, in this run
