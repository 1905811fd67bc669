r"""Which characters ids and free text may hold, and the argument checks that apply it.

One policy, wherever text comes from (a file, an escape such as ``"\e"`` in
YAML or ``"\u0000"`` in JSON, a log line, a snapshot or a Python call):

- Free text (titles, names, notes, quotes, conditions, descriptions) holds no
  control character but tab and newline, and no lone surrogate.
- An id (of a party, a proposal, a source, a scenario or an obligation) is 1
  to 128 characters from the safe alphabet: ASCII letters and digits, hyphen,
  underscore and full stop, starting with a letter or a digit. So no id holds
  white space, a bidirectional or zero-width character, a path separator, or
  anything a terminal or a shell reads as special. Names meant for people go
  in the free-text fields.
- A name in a lifecycle (of the lifecycle, a state, an action or a timer) is
  words as a negotiator says them ("on the table"): 1 to 128 characters on
  one line, with no control, format (bidirectional, zero-width) or line
  separator character and no space at either end.

The checks return a sentence saying what is wrong (the files layer locates it
in the file) or raise the library's errors (at the Python API's boundary).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from typing import Any

from attrs import frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import BadTextError, CeasefireError, WrongTypeError

__all__ = [
    "ID_ALPHABET",
    "ID_PATTERN",
    "MAX_ID_LENGTH",
    "NAME_PATTERN",
    "TEXT_PATTERN",
    "UNSAFE_CATEGORIES",
    "are_ids",
    "check_callable",
    "check_choice",
    "check_count",
    "check_id",
    "check_instance",
    "check_name",
    "check_text",
    "check_text_fields",
    "checked_strings",
    "describe_character",
    "field_name",
    "id_problem",
    "instance_of",
    "instances",
    "is_id",
    "is_text",
    "name_problem",
    "optional_instance_of",
    "optional_valid_id",
    "text_problem",
    "valid_id",
    "valid_ids",
    "valid_name",
    "valid_optional_text",
    "valid_text",
    "valid_texts",
]

MAX_ID_LENGTH = 128
"""The longest id, in characters."""

ID_ALPHABET = "ASCII letters and digits, '-', '_' and '.', starting with a letter or a digit"
"""The safe alphabet of ids, in words (for messages and the documentation)."""

_END = r"(?![\s\S])"  # the end of the text, in Python (where $ allows a last newline) and ECMA

ID_PATTERN = rf"^[A-Za-z0-9][A-Za-z0-9._-]{{0,{MAX_ID_LENGTH - 1}}}{_END}"
"""An id, as a regular expression (the JSON Schema's too)."""

_CONTROL = "\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f"
_SURROGATE = "\\ud800-\\udfff"
_COMMON_FORMAT = (
    "\\xad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u180e\\u200b-\\u200f\\u2028-\\u202e"
    "\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb"
)

TEXT_PATTERN = f"^[^{_CONTROL}]*$"
"""Free text, as the JSON Schema's regular expression: no control character but tab and newline.

(A lone surrogate is refused by the reader too; a schema pattern cannot say
so without refusing every emoji in engines that read text as UTF-16.)
"""

NAME_PATTERN = f"^(?=\\S)(?!.*\\s$)[^\\t\\n{_CONTROL}{_COMMON_FORMAT}]{{1,{MAX_ID_LENGTH}}}{_END}"
"""A lifecycle's name, as the JSON Schema's regular expression.

The schema refuses the format characters met in practice (bidirectional
controls, zero-width ones, soft hyphens); the reader refuses every character
of Unicode's categories Cc, Cf, Cs, Co, Cn, Zl and Zp, which a regular
expression of the schema cannot name.
"""

_ID = re.compile(ID_PATTERN)
_ONE_ID = f"[A-Za-z0-9][A-Za-z0-9._-]{{0,{MAX_ID_LENGTH - 1}}}"
_IDS = re.compile(f"{_ONE_ID}(?:\\n{_ONE_ID})*")
"""Ids, one a line (`are_ids`): no id holds a line break."""
_STR = frozenset((str,))
_NOT_IN_TEXT = re.compile(f"[{_CONTROL}{_SURROGATE}]")
UNSAFE_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
"""The Unicode categories no name holds and the terminal never sees raw: control, format
(bidirectional, zero-width, tags), surrogate, private use, unassigned, line separators."""


def describe_character(char: str) -> str:
    """Name one character for a message: ``U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    name = unicodedata.name(char, "")  # pragma: no mutate
    if not name and unicodedata.category(char) == "Cc":
        name = "a control character"
    elif not name and unicodedata.category(char) == "Cs":
        name = "half of a surrogate pair"
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def text_problem(value: str) -> str | None:
    """Say what is wrong with `value` as free text, or return ``None`` if it is fine."""
    found = _NOT_IN_TEXT.search(value)
    if found is None:
        return None
    return (
        f"text without control characters (tab and newline excepted), found "
        f"{describe_character(found.group())} at character {found.start() + 1}"
    )


def id_problem(value: str) -> str | None:
    """Say what is wrong with `value` as an id, or return ``None`` if it is fine."""
    if _ID.fullmatch(value):
        return None
    if not value:
        return f"an id of {ID_ALPHABET}, found an empty id"
    if len(value) > MAX_ID_LENGTH:
        return f"an id of at most {MAX_ID_LENGTH} characters, found {len(value)}"
    for position, char in enumerate(value):
        punctuation = position and char in "._-"  # pragma: no mutate
        allowed = char.isascii() and (char.isalnum() or punctuation)
        if not allowed:
            return (
                f"an id of {ID_ALPHABET}, found {describe_character(char)} "
                f"at character {position + 1}"
            )
    return f"an id of {ID_ALPHABET}"  # pragma: no cover - the loop finds the character


def name_problem(value: str) -> str | None:
    """Say what is wrong with `value` as a lifecycle's name, or return ``None`` if it is fine."""
    if not value or value != value.strip() or len(value) > MAX_ID_LENGTH:
        return (
            f"a name of 1 to {MAX_ID_LENGTH} characters with no space at either end, "
            f"found {value!r}"
        )
    if value.isprintable():  # no control, format, separator or unassigned character
        return None
    for position, char in enumerate(value):
        if unicodedata.category(char) in UNSAFE_CATEGORIES:
            return (
                f"a name without control, format or line separator characters, found "
                f"{describe_character(char)} at character {position + 1}"
            )
    return None


def check_instance(what: str, value: object, kind: type | tuple[type, ...], expected: str) -> None:
    """Raise `WrongTypeError` unless `value` is a `kind`; `expected` says what is, in words."""
    if not isinstance(value, kind):
        raise WrongTypeError(f"{what}: expected {expected}, got {_kind_of(value)}")


def is_text(value: object) -> bool:
    """Whether `value` is free text: the quick test, for code that names what is wrong itself."""
    return type(value) is str and _NOT_IN_TEXT.search(value) is None


def is_id(value: object) -> bool:
    """Whether `value` is an id: the quick test, for code that names what is wrong itself."""
    return type(value) is str and _ID.fullmatch(value) is not None


def are_ids(values: Collection[object]) -> bool:
    """Whether every one of `values` is an id (`is_id`): one match for them all, not a call each.

    ``True`` when there are none.
    """
    if not values:
        return True
    if not _STR.issuperset(map(type, values)):
        return False
    lines = "\n".join(values)  # type: ignore[arg-type]  # each a str: just checked
    # As many lines as values: no value held a line break, so each line is one of them.
    return lines.count("\n") == len(values) - 1 and _IDS.fullmatch(lines) is not None


def check_count(what: str, value: object, *, least: int, optional: bool = False) -> None:
    """Raise `WrongTypeError` unless `value` is a whole number of at least `least` (or ``None``)."""
    if optional and value is None:
        return
    if type(value) is not int or value < least:
        none = " or None" if optional else ""
        raise WrongTypeError(
            f"{what}: expected a whole number of {least} or more{none}, got {_kind_of(value)}"
        )


def check_choice(what: str, value: object, choices: tuple[str, ...]) -> None:
    """Raise a `CeasefireError` (CF207) unless `value` is one of `choices`."""
    if value not in choices:
        raise CeasefireError(
            f"{what}: expected one of {', '.join(choices)}, got {_kind_of(value)}",
            code=ErrorCode.NOT_A_CHOICE,
        )


def check_callable(what: str, value: object) -> None:
    """Raise `WrongTypeError` unless `value` is ``None`` or can be called."""
    if value is not None and not callable(value):
        raise WrongTypeError(f"{what}: expected a function or None, got {_kind_of(value)}")


def check_text(what: str, value: object) -> str:
    """Return `value` if it is free text, or raise `WrongTypeError` or `BadTextError`."""
    if is_text(value):  # pragma: no mutate block - the quick way to the answer below
        return value  # type: ignore[return-value]  # a str: just checked
    return _checked(what, value, "text (a str)", text_problem, ErrorCode.BAD_TEXT)


def check_name(what: str, value: object) -> str:
    """Return `value` if it is a lifecycle's name, or raise `WrongTypeError` or `BadTextError`."""
    return _checked(what, value, "a name (a str)", name_problem, ErrorCode.BAD_ID)


def check_id(what: str, value: object) -> str:
    """Return `value` if it is an id, or raise `WrongTypeError` or `BadTextError`."""
    if is_id(value):  # pragma: no mutate block - the quick way to the answer below
        return value  # type: ignore[return-value]  # a str: just checked
    return _checked(what, value, "an id (a str)", id_problem, ErrorCode.BAD_ID)


def _checked(
    what: str, value: object, kind: str, problem_of: Callable[[str], str | None], code: ErrorCode
) -> str:
    """Return `value` if it is a str that `problem_of` finds nothing wrong with, or raise."""
    check_instance(what, value, str, kind)
    assert isinstance(value, str)  # narrowed for mypy by the check above
    problem = problem_of(value)
    if problem is not None:
        raise BadTextError(f"{what}: expected {problem}", code=code)
    return value


def checked_strings(what: str, values: object, *, ids: bool = False) -> tuple[str, ...]:
    """Return `values` as a tuple of checked strings, refusing one string given for many.

    Args:
        what: What the values are, for messages ("needs").
        values: An iterable of strings (a list, a tuple ...), not a string.
        ids: Check each as an id rather than as free text.

    Raises:
        WrongTypeError: `values` is a string, not iterable, or holds something
            that is not a string.
        BadTextError: A string breaks the text policy.
    """
    quick = type(values) is tuple or type(values) is list  # pragma: no mutate
    good = is_id if ids else is_text  # pragma: no mutate
    if quick and all(map(good, values)):  # type: ignore[call-overload]  # pragma: no mutate block
        return tuple(values)  # type: ignore[arg-type]
    if isinstance(values, str | bytes):
        raise WrongTypeError(
            f"{what}: expected a list of strings, got the string {values!r} "
            f"(write [{values!r}] for one)"
        )
    if not isinstance(values, Iterable):
        raise WrongTypeError(f"{what}: expected a list of strings, got {_kind_of(values)}")
    check = check_id if ids else check_text
    return tuple(check(f"{what}[{i}]", value) for i, value in enumerate(values))


def valid_text(instance: object, attribute: Any, value: str) -> None:
    """An attrs validator: the field holds free text."""
    if not is_text(value):  # pragma: no mutate
        check_text(field_name(instance, attribute), value)


def valid_optional_text(instance: object, attribute: Any, value: str | None) -> None:
    """An attrs validator: the field holds free text or ``None``."""
    if value is not None and not is_text(value):  # pragma: no mutate
        check_text(field_name(instance, attribute), value)


def valid_name(instance: object, attribute: Any, value: str) -> None:
    """An attrs validator: the field holds a lifecycle's name."""
    check_name(field_name(instance, attribute), value)


def valid_id(instance: object, attribute: Any, value: str) -> None:
    """An attrs validator: the field holds an id."""
    if not is_id(value):  # pragma: no mutate
        check_id(field_name(instance, attribute), value)


def optional_valid_id(instance: object, attribute: Any, value: str | None) -> None:
    """An attrs validator: the field holds an id or ``None``."""
    if value is not None and not is_id(value):  # pragma: no mutate
        check_id(field_name(instance, attribute), value)


def instances(what: str, values: object, kind: type, expected: str) -> tuple[Any, ...]:
    """Return `values` as a tuple, each a `kind`; one `kind` given alone is refused.

    Args:
        what: What the values are, for messages ("Lifecycle.states").
        values: An iterable of `kind`.
        kind: The class each value must be.
        expected: One value in words ("a State").

    Raises:
        WrongTypeError: `values` is not iterable, is one `kind`, or holds
            something else.
    """
    if isinstance(values, kind | str | bytes) or not isinstance(values, Iterable):
        raise WrongTypeError(f"{what}: expected a list of {kind.__name__}, got {_kind_of(values)}")
    found = tuple(values)
    for i, value in enumerate(found):
        check_instance(f"{what}[{i}]", value, kind, expected)
    return found


def check_text_fields(instance: object, names: tuple[str, ...]) -> None:
    """Check the text fields `names` of `instance` (``None`` allowed) in one quick test.

    All of them are searched at once; only when that finds something, or a
    field is not text, is each checked alone, to name the one at fault.
    """
    values = [getattr(instance, name) for name in names]
    present = [value for value in values if value is not None]  # pragma: no mutate
    joined = "".join(present) if all(type(v) is str for v in present) else None  # pragma: no mutate
    if joined is not None and is_text(joined):  # pragma: no mutate block
        return
    for name, value in zip(names, values):  # noqa: B905 - the same names, so the same length
        if value is not None:
            check_text(f"{type(instance).__name__}.{name}", value)


def valid_ids(instance: object, attribute: Any, value: tuple[str, ...]) -> None:
    """An attrs validator: the field holds a tuple of ids (not one string)."""
    if type(value) is not tuple or not all(map(is_id, value)):  # pragma: no mutate
        checked_strings(field_name(instance, attribute), value, ids=True)


def valid_texts(instance: object, attribute: Any, value: tuple[str, ...]) -> None:
    """An attrs validator: the field holds a tuple of free text (not one string)."""
    if type(value) is not tuple or not all(map(is_text, value)):  # pragma: no mutate
        checked_strings(field_name(instance, attribute), value)


@frozen
class _InstanceOf:
    """An attrs validator: the field holds a `kind` (or ``None`` when `optional`)."""

    kind: type | tuple[type, ...]
    expected: str
    optional: bool = False

    def __call__(self, instance: object, attribute: Any, value: object) -> None:
        """Raise `WrongTypeError`, naming the field, unless `value` is what it should be."""
        if self.optional and value is None:
            return
        if not isinstance(value, self.kind):
            check_instance(field_name(instance, attribute), value, self.kind, self.expected)


def instance_of(kind: type | tuple[type, ...], expected: str) -> Any:
    """An attrs validator: the field holds a `kind` (`expected` says what, in words)."""
    return _InstanceOf(kind, expected)


def optional_instance_of(kind: type | tuple[type, ...], expected: str) -> Any:
    """An attrs validator: the field holds a `kind` or ``None``."""
    return _InstanceOf(kind, expected, optional=True)


def field_name(instance: object, attribute: Any) -> str:
    """Name a field for a message: ``Party.id``."""
    return f"{type(instance).__name__}.{attribute.name}"


def _kind_of(value: object) -> str:
    """Say what `value` is: ``the int 7``, ``None``."""
    if value is None:
        return "None"
    text = repr(value)
    shown = text if len(text) <= 40 else text[:37] + "..."
    return f"{type(value).__name__} {shown}"
