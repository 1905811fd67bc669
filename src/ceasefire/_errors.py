"""The exceptions the library raises: one base class and a few specific kinds.

Each error carries a stable code from `ceasefire.ErrorCode` (``error.code``),
listed with an example in the error catalogue of the documentation.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date
from typing import TypeAlias

from attrs import frozen

from ceasefire._codes import ErrorCode
from ceasefire._showing import Shown, error_repr

__all__ = [
    "ActionNotAllowedError",
    "BadTextError",
    "CeasefireError",
    "ClockError",
    "KeyPath",
    "LifecycleError",
    "NegotiationError",
    "Problem",
    "Problems",
    "ScenarioError",
    "TermsError",
    "WrongTypeError",
    "did_you_mean",
    "format_path",
    "left_out_line",
    "registry_hint",
    "without_registry_hint",
]


class CeasefireError(Exception):
    """Base class of every error raised on purpose by `ceasefire`.

    Catch this to handle any mistake in a lifecycle, a proposal, an action or
    the clock without catching programming errors such as `TypeError`.

    Args:
        message: What is wrong, in one sentence.
        code: The kind of error, from the catalogue.

    Attributes:
        code: The kind of error: a stable `ErrorCode` such as ``CF401``.
    """

    def __init__(self, message: str, *, code: ErrorCode) -> None:
        self.code = code
        super().__init__(message)

    def __repr__(self) -> str:
        return error_repr(self)


class LifecycleError(CeasefireError):
    """A lifecycle table is inconsistent: raised when the table is defined.

    The message names the lifecycle and lists every problem found, separated
    by "; ". Each names the offending state, action, timer, guard or instant
    rule.

    Args:
        lifecycle: The name of the lifecycle.
        problems: Each problem's code and sentence.

    Attributes:
        lifecycle: The name of the lifecycle.
        problems: One sentence per problem.
        codes: The code of each problem, in the same order; `code` is the first.
    """

    def __init__(self, lifecycle: str, problems: Iterable[tuple[ErrorCode, str]]) -> None:
        found = tuple(problems)
        if not found:
            raise ValueError("a LifecycleError needs at least one problem")
        self.lifecycle = lifecycle
        self.problems = tuple(text for _, text in found)
        self.codes = tuple(code for code, _ in found)
        super().__init__(
            f"lifecycle {lifecycle!r}: " + "; ".join(self.problems), code=self.codes[0]
        )


class TermsError(CeasefireError):
    """The terms of a proposal contradict themselves or the time it is made.

    For example an end before the start, or a response deadline that has
    already passed when the proposal is put on the table.

    Args:
        message: What is wrong.
        field: The name of the term at fault, when there is one.
        code: The kind of error (`ErrorCode.BAD_TERMS` unless said).

    Attributes:
        field: The name of the term at fault ("ends"), when there is one.
    """

    def __init__(
        self, message: str, field: str | None = None, *, code: ErrorCode = ErrorCode.BAD_TERMS
    ) -> None:
        self.field = field
        super().__init__(message, code=code)


class NegotiationError(CeasefireError):
    """A proposal or party id is unknown or used twice in a negotiation."""


class ClockError(CeasefireError):
    """A time is unusable: a naive datetime, or a move of the clock into the past."""


class WrongTypeError(CeasefireError, TypeError):
    """An argument is of the wrong kind: a string where a list is meant, a number for an id.

    It is a `TypeError` too, so code that catches either catches it. The
    message names the argument or field, what was expected and what was given.
    Its code is ``CF203``.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, code=ErrorCode.WRONG_TYPE)


class BadTextError(CeasefireError, ValueError):
    """Text breaks the library's text policy: a control character, or an id outside its alphabet.

    It is a `ValueError` too. The code is ``CF209`` for a control character in
    free text and ``CF210`` for an id that is empty, too long or holds a
    character outside the safe alphabet.
    """


class ActionNotAllowedError(CeasefireError):
    """An action was refused; the negotiation is left exactly as it was.

    Attributes:
        proposal: The id of the proposal acted on.
        state: The state the proposal was in.
        action: The action that was refused.
        at: The simulated time of the attempt.
        allowed: The actions the lifecycle allows in that state.
        reason: Why this action was refused.
        code: The kind of refusal: not allowed in the state (``CF401``), not
            for this party (``CF402``), guards false (``CF403``) ...
    """

    def __init__(
        self,
        *,
        proposal: str,
        state: str,
        action: str,
        at: date,
        allowed: Iterable[str],
        reason: str,
        code: ErrorCode = ErrorCode.NOT_ALLOWED_IN_STATE,
    ) -> None:
        self.proposal = proposal
        self.state = state
        self.action = action
        self.at = at
        self.allowed = tuple(allowed)
        self.reason = reason
        allowed_text = ", ".join(self.allowed) if self.allowed else "none"
        super().__init__(
            f"{action!r} refused on {proposal!r} (state {state!r}) at {at.isoformat()}: "
            f"{reason}; allowed in {state!r}: {allowed_text}",
            code=code,
        )


KeyPath: TypeAlias = tuple[str | int, ...]
"""Where a value sits in a document: keys and list indices from the top."""


def format_path(path: KeyPath) -> str:
    """Return `path` as text: ``events[3].date``, ``proposals.truce.needs[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@frozen(repr=False)
class Problem(Shown):
    """One mistake in a scenario file, where it is and what is wrong.

    Attributes:
        file: The file name.
        line: The 1-based line, when known.
        column: The 1-based column, when known.
        path: The key path (``events[3].date``), empty for the whole file.
        message: What was expected and what was found.
        code: The kind of problem, from the catalogue; printed last, in brackets.
    """

    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    code: ErrorCode

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        where = f" {self.path}:" if self.path else ""
        return f"{place}:{where} {self.message} [{self.code}]"


class Problems(tuple[Problem, ...]):
    """The first problems found, and how many were found in all.

    A tuple of `Problem`, equal to a plain tuple of the same problems.

    Attributes:
        problem_count: How many problems were found, those left out included.
    """

    problem_count: int

    def __new__(
        cls, problems: Iterable[Problem], limit: int | None = None, *, count: int | None = None
    ) -> Problems:
        """Keep the first `limit` of `problems` (all when `limit` is None) and count them all.

        Args:
            problems: The problems found, or the first of them.
            limit: How many to keep, at least one; None keeps all.
            count: How many were found in all, when `problems` holds only
                the first (default: the count `problems` has, or its length).
        """
        found = tuple(problems)
        if limit is not None and limit < 1:
            raise ValueError(f"expected a positive limit or None, found {limit!r}")
        kept = super().__new__(cls, found if limit is None else found[:limit])
        known = getattr(problems, "problem_count", 0) if count is None else count
        kept.problem_count = max(len(found), known)
        return kept

    @property
    def left_out(self) -> int:
        """How many problems were found beyond those kept."""
        return self.problem_count - len(self)


def left_out_line(file: str, count: int) -> str:
    """Say that `count` more problems of `file` were found than are shown."""
    return f"{file}: ... and {count} more problem{'s' if count != 1 else ''}"


class ScenarioError(CeasefireError):
    """A scenario file cannot be read, structured, checked or replayed.

    The message has one line per problem, each naming file, line, column,
    key path, what was expected and what was found, and the problem's code;
    when problems were left out, a last line says how many
    (``FILE: ... and 250 more problems``).

    Args:
        problems: The problems found (a `Problems` brings its count of all).
        limit: Keep only the first `limit` (default: all).

    Attributes:
        problems: The problems kept, in file order; `code` is the first one's.
        problem_count: How many problems were found in all.
    """

    def __init__(self, problems: Iterable[Problem], *, limit: int | None = None) -> None:
        kept = Problems(problems, limit)
        if not kept:
            raise ValueError("a ScenarioError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(kept)
        self.problem_count = kept.problem_count
        lines = [str(p) for p in self.problems]
        if kept.left_out:
            lines.append(left_out_line(self.problems[0].file, kept.left_out))
        super().__init__("\n".join(lines), code=self.problems[0].code)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """Return a " (did you mean 'x'?)" hint for a misspelt name, or an empty string.

    Args:
        name: The name that was not found.
        known: The names that exist.

    Returns:
        The hint, starting with a space, or ``""`` when nothing is close.
    """
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def registry_hint(kind: str, keyword: str, *, in_lifecycle: bool = False) -> str:
    """Return a "; a guard defined in Python ..." hint for a name that Python may define.

    Guards, instant rules, effects and lifecycles can be written in Python;
    a scenario file (or a snapshot) only names them, and finds them through
    a `ceasefire.Registry`. The hint says where to give one, on one line.

    Args:
        kind: What is named, in the singular ("guard", "instant rule").
        keyword: The argument of `ceasefire.Registry` that holds it
            ("guards", "instants", "effects", "lifecycles").
        in_lifecycle: It is named by a lifecycle's row, which also takes
            it in ``Lifecycle(keyword=...)`` when written in Python.

    Returns:
        The hint, starting with "; ".
    """
    where = (
        f"goes in Lifecycle({keyword}=...), or for a file in a registry"
        if in_lifecycle
        else "is found through a registry"
    )
    article = "an" if kind[0] in "aeiou" else "a"
    return (
        f"; {article} {kind} defined in Python {where}: Registry({keyword}=...), "
        "--registry MODULE:NAME or pytest's ceasefire_registry"
    )


_IN_PYTHON = (("guard", "guards"), ("instant rule", "instants"), ("effect", "effects"))


def without_registry_hint(problem: str) -> str:
    """Return a lifecycle's `problem` without the `registry_hint` of its row's function.

    For a caller that says once, in its own words, where such functions go
    (restoring a snapshot gives them one way only).
    """
    for kind, keyword in _IN_PYTHON:
        problem = problem.removesuffix(registry_hint(kind, keyword, in_lifecycle=True))
    return problem
