"""The mapping file of a CAMEO import: columns, parties, codes and proposals, checked.

`read_mapping` turns the plain data of a mapping file (YAML, safe-loaded by
`ceasefire.files._parsing.parse_yaml`, or a mapping given in Python) into a
`CameoMapping`, or raises a `ScenarioError` with one located line per
mistake. The keys are documented in docs/reference/cameo-mapping.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from attrs import frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import KeyPath, Problem, ScenarioError, did_you_mean
from ceasefire.core._characters import id_problem, text_problem
from ceasefire.core._model import CEASEFIRE, Lifecycle, Proposal
from ceasefire.core._terms import StartRule, Terms
from ceasefire.files._parsing import Document
from ceasefire.scenario._scenario import PROPOSE, Scenario

__all__ = [
    "COLUMN_ROLES",
    "LAYOUTS",
    "CameoMapping",
    "ProposalRule",
    "read_mapping",
]

LAYOUTS: Mapping[str, Mapping[str, str]] = {
    "gdelt": {
        "date": "SQLDATE",
        "source": "Actor1Code",
        "target": "Actor2Code",
        "code": "EventCode",
        "url": "SOURCEURL",
        "id": "GLOBALEVENTID",
    },
    "icews": {
        "date": "Event Date",
        "source": "Source Country",
        "target": "Target Country",
        "code": "CAMEO Code",
        "id": "Event ID",
    },
}
"""The columns each layout names by default: GDELT 2.0 events, ICEWS coded events."""

COLUMN_ROLES = ("date", "source", "target", "code", "url", "id", "proposal")
"""What a column can hold, as the mapping's ``columns:`` names them."""

_REQUIRED_ROLES = ("date", "source", "code")
_TOP_KEYS = ("layout", "delimiter", "columns", "source", "parties", "codes", "proposals")
_SOURCE_KEYS = ("id", "title", "publisher", "url", "note")
_RULE_KEYS = ("parties", "from", "until", "proposed-by", "needs", "title", "start-rule")
_DELIMITERS = {"comma": ",", "tab": "\t", "semicolon": ";"}
_CODE = re.compile(r"\d{2,4}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DEFAULT_SOURCE = {"gdelt": "gdelt", "icews": "icews", "": "cameo-events"}
_SOURCE_TITLES = {
    "gdelt": "GDELT 2.0 event data",
    "icews": "ICEWS coded event data",
    "": "CAMEO-coded event data",
}


def code_problem(code: str) -> str | None:
    """Say what is wrong with `code` as a CAMEO code or prefix, or ``None`` if it is one."""
    if _CODE.fullmatch(code) and 1 <= int(code[:2]) <= 20:
        return None
    return f"a CAMEO code or prefix: two to four digits under a root 01 to 20, found {code!r}"


@frozen
class ProposalRule:
    """How an event finds a proposal: who acts on it and when, and the proposal if new.

    Attributes:
        proposal: The proposal's id.
        parties: The parties its events are between (empty: any party).
        first: The first day of its window (``None``: no first day).
        last: The last day of its window (``None``: no last day).
        new: The proposal to add, when the scenario does not have it.
    """

    proposal: str
    parties: frozenset[str] = frozenset()
    first: date | None = None
    last: date | None = None
    new: Proposal | None = None

    def fits(self, on: date, by: str, target: str | None, targeted: bool) -> bool:
        """Whether an event on `on` by `by` against `target` (named in the row if `targeted`)."""
        if (self.first is not None and on < self.first) or (
            self.last is not None and on > self.last
        ):
            return False
        if not self.parties:
            return True
        if by not in self.parties:
            return False
        return not targeted or (target is not None and target in self.parties)


@frozen
class CameoMapping:
    """A checked mapping file: which column holds what, and what each code and actor means.

    Attributes:
        name: The mapping file's name, for messages.
        layout: ``gdelt``, ``icews`` or empty.
        delimiter: The CSV delimiter, or empty to choose it by the file's suffix.
        columns: The column of each role (see `COLUMN_ROLES`) the file has.
        source: The id of the data set's source, and its entry's keys.
        parties: Each actor code (or prefix, ending in ``*``) and its party.
        codes: Each CAMEO code (or prefix) and its action.
        rules: The proposals, in the order written.
        new_parties: The parties the mapping adds to the scenario, in order.
        document: The parsed mapping, to locate problems found later.
    """

    name: str
    layout: str
    delimiter: str
    columns: Mapping[str, str]
    source: Mapping[str, str]
    parties: Mapping[str, str]
    codes: Mapping[str, str]
    rules: tuple[ProposalRule, ...]
    new_parties: tuple[str, ...]
    document: Document

    def action_of(self, code: str) -> tuple[str, str] | None:
        """Return the action of `code` and the key that gave it (the longest prefix), if any."""
        for end in range(len(code), 1, -1):
            if code[:end] in self.codes:
                return self.codes[code[:end]], code[:end]
        return None

    def party_of(self, actor: str) -> str | None:
        """Return the party of `actor`: by its exact code, else its longest ``*`` prefix."""
        if actor in self.parties:
            return self.parties[actor]
        for end in range(len(actor), 0, -1):
            found = self.parties.get(actor[:end] + "*")
            if found is not None:
                return found
        return None


class _Checker:
    """Collects the problems of one mapping while it is read."""

    def __init__(self, document: Document, scenario: Scenario | None) -> None:
        self.document = document
        self.scenario = scenario
        self.problems: list[Problem] = []

    def problem(
        self,
        path: KeyPath,
        message: str,
        code: ErrorCode = ErrorCode.IMPORT_MAPPING_SHAPE,
        *,
        key: bool = False,
    ) -> None:
        self.problems.append(self.document.problem(path, message, code, key=key))

    def mapping(self, path: KeyPath, value: Any, keys: tuple[str, ...] | None) -> dict[str, Any]:
        """Return `value` as a mapping (empty when it is not one: a problem says so)."""
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.problem(path, f"expected a mapping, found {_kind(value)}")
            return {}
        for key in value:
            if not isinstance(key, str):
                self.problem(path, f"expected text keys, found {_kind(key)}")
                return {}
            if keys is not None and key not in keys:
                hint = did_you_mean(key, keys)
                self.problem(
                    (*path, key),
                    f"expected one of the keys {', '.join(keys)}, found {key!r}{hint}",
                    key=True,
                )
        return {k: v for k, v in value.items() if keys is None or k in keys}

    def text(self, path: KeyPath, value: Any, *, id: bool = False) -> str | None:
        if isinstance(value, date):  # a Python mapping may give a date where a file gives text
            value = value.isoformat()
        if not isinstance(value, str):
            self.problem(path, f"expected {'an id' if id else 'text'}, found {_kind(value)}")
            return None
        wrong = id_problem(value) if id else text_problem(value)
        if wrong is not None:
            self.problem(path, f"expected {wrong}")
            return None
        return value

    def texts(self, path: KeyPath, value: Any, *, id: bool = False) -> list[str]:
        """Read one text, or a list of them."""
        if isinstance(value, str):
            found = self.text(path, value, id=id)
            return [] if found is None else [found]
        if not isinstance(value, list):
            self.problem(path, f"expected text or a list of text, found {_kind(value)}")
            return []
        read = [self.text((*path, i), v, id=id) for i, v in enumerate(value)]
        return [v for v in read if v is not None]

    def party(
        self, path: KeyPath, pid: str, known: Mapping[str, object], *, key: bool = False
    ) -> bool:
        if pid in known:
            return True
        where = "the mapping's parties" + (" or the scenario" if self.scenario else "")
        self.problem(
            path,
            f"expected a party of {where}, found {pid!r}{did_you_mean(pid, known)}",
            ErrorCode.IMPORT_MAPPING_UNKNOWN,
            key=key,
        )
        return False

    def day(self, path: KeyPath, value: Any) -> date | None:
        text = self.text(path, value)
        if text is None:
            return None
        if _DAY.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        self.problem(path, f"expected a day as YYYY-MM-DD, found {text!r}")
        return None


def read_mapping(document: Document, scenario: Scenario | None) -> CameoMapping:
    """Check the mapping `document` against `scenario` (``None``: a new one) and return it.

    Raises:
        ScenarioError: One located line per mistake (CF419, CF420).
    """
    check = _Checker(document, scenario)
    top = check.mapping((), document.data, _TOP_KEYS)
    if document.data is None:
        check.problem((), "expected a mapping with the keys parties, codes and proposals")
    layout = _layout(check, top.get("layout"))
    delimiter = ""
    if "delimiter" in top:
        name = check.text(("delimiter",), top["delimiter"])
        if name is not None and name not in _DELIMITERS:
            check.problem(
                ("delimiter",), f"expected one of {', '.join(_DELIMITERS)}, found {name!r}"
            )
        delimiter = _DELIMITERS.get(name or "", "")
    columns = _columns(check, layout, top.get("columns"))
    source = _source(check, layout, top.get("source"))
    known_parties: dict[str, object] = dict(scenario.parties) if scenario else {}
    parties, new_parties = _parties(check, top.get("parties"), known_parties)
    rules = _rules(check, top.get("proposals"), known_parties)
    codes = _codes(check, top.get("codes"), rules)
    if document.data is not None and not check.problems:
        for key in ("parties", "codes", "proposals"):
            if not top.get(key):
                check.problem((key,) if key in top else (), f"expected the key {key} with entries")
    if check.problems:
        raise ScenarioError(check.problems)
    return CameoMapping(
        name=document.name,
        layout=layout,
        delimiter=delimiter,
        columns=columns,
        source=source,
        parties=parties,
        codes=codes,
        rules=rules,
        new_parties=new_parties,
        document=document,
    )


def _layout(check: _Checker, value: Any) -> str:
    if value is None:
        return ""
    name = check.text(("layout",), value)
    if name is not None and name not in LAYOUTS:
        check.problem(("layout",), f"expected gdelt or icews, found {name!r}")
        return ""
    return name or ""


def _columns(check: _Checker, layout: str, value: Any) -> dict[str, str]:
    columns = dict(LAYOUTS.get(layout, {}))
    for role, name in check.mapping(("columns",), value, COLUMN_ROLES).items():
        text = check.text(("columns", role), name)
        if text is not None and text.strip():
            columns[role] = text.strip()
        elif text is not None:
            columns.pop(role, None)  # an empty name: the file has no such column
    for role in _REQUIRED_ROLES:
        if role not in columns:
            check.problem(
                ("columns",) if value is not None else (),
                f"expected the column of the {role} under columns: (or a layout: gdelt or "
                "icews, which names it)",
            )
    return columns


def _source(check: _Checker, layout: str, value: Any) -> dict[str, str]:
    found = {"id": _DEFAULT_SOURCE[layout], "title": _SOURCE_TITLES[layout]}
    for key, text in check.mapping(("source",), value, _SOURCE_KEYS).items():
        read = check.text(("source", key), text, id=key == "id")
        if read is not None:
            found[key] = read
    return found


def _parties(
    check: _Checker, value: Any, known: dict[str, object]
) -> tuple[dict[str, str], tuple[str, ...]]:
    """Read ``parties:``: each party and its actor codes. Declare the new parties in `known`."""
    actors: dict[str, str] = {}
    new: list[str] = []
    for pid, codes in check.mapping(("parties",), value, None).items():
        if id_problem(pid) is not None:
            check.problem(("parties", pid), f"expected {id_problem(pid)}")
            continue
        if check.scenario is not None and not check.party(("parties", pid), pid, known, key=True):
            continue
        if pid not in known:
            known[pid] = pid
            new.append(pid)
        for i, actor in enumerate(check.texts(("parties", pid), codes)):
            path: KeyPath = ("parties", pid, i) if isinstance(codes, list) else ("parties", pid)
            if not actor.strip() or actor.strip() == "*":
                check.problem(
                    path, f"expected an actor code (or a prefix ending in *), found {actor!r}"
                )
                continue
            if actor in actors and actors[actor] != pid:
                check.problem(
                    path,
                    f"expected each actor code once, found {actor!r} under {actors[actor]!r} too",
                )
                continue
            actors[actor.strip()] = pid
    return actors, tuple(new)


def _rules(check: _Checker, value: Any, known: Mapping[str, object]) -> tuple[ProposalRule, ...]:
    scenario = check.scenario
    rules = []
    for pid, entry in check.mapping(("proposals",), value, None).items():
        path: KeyPath = ("proposals", pid)
        if id_problem(pid) is not None:
            check.problem(path, f"expected {id_problem(pid)}")
            continue
        keys = check.mapping(path, entry, _RULE_KEYS)
        parties = check.texts((*path, "parties"), keys.get("parties", []), id=True)
        parties = [p for i, p in enumerate(parties) if check.party((*path, "parties", i), p, known)]
        first = check.day((*path, "from"), keys["from"]) if "from" in keys else None
        last = check.day((*path, "until"), keys["until"]) if "until" in keys else None
        if first is not None and last is not None and last < first:
            check.problem(
                (*path, "until"), f"expected a day not before from: {first}, found {last}"
            )
        new = _new_proposal(check, pid, path, keys, known)
        if new is None and (scenario is None or pid not in scenario.proposals):
            if "proposed-by" not in keys:
                where = "the scenario" if scenario else "a new scenario"
                check.problem(
                    path,
                    f"expected a proposal of {where}, found {pid!r}"
                    f"{did_you_mean(pid, scenario.proposals if scenario else ())}; to add it, "
                    "give it proposed-by:",
                    ErrorCode.IMPORT_MAPPING_UNKNOWN,
                    key=True,
                )
            continue
        rules.append(ProposalRule(pid, frozenset(parties), first, last, new))
    return tuple(rules)


def _new_proposal(
    check: _Checker, pid: str, path: KeyPath, keys: Mapping[str, Any], known: Mapping[str, object]
) -> Proposal | None:
    """Return the proposal a rule adds (it has proposed-by:), or ``None``."""
    if "proposed-by" not in keys:
        for key in ("needs", "title", "start-rule"):
            if key in keys:
                check.problem(
                    (*path, key), f"expected {key} only with proposed-by: (a new proposal)"
                )
        return None
    if check.scenario is not None and pid in check.scenario.proposals:
        check.problem(
            (*path, "proposed-by"),
            f"expected no proposed-by for {pid!r}, which the scenario has already",
        )
        return None
    by = check.text((*path, "proposed-by"), keys["proposed-by"], id=True)
    needs = check.texts((*path, "needs"), keys.get("needs", []), id=True)
    title = check.text((*path, "title"), keys.get("title", ""))
    rule = check.text((*path, "start-rule"), keys.get("start-rule", StartRule.ON_ACCEPTANCE.value))
    starts = {r.value: r for r in StartRule}
    ok = by is not None and check.party((*path, "proposed-by"), by, known)
    ok &= all(check.party((*path, "needs", i), p, known) for i, p in enumerate(needs))
    if rule is not None and rule not in starts:
        check.problem((*path, "start-rule"), f"expected {' or '.join(starts)}, found {rule!r}")
        ok = False
    if len(set(needs)) != len(needs):
        check.problem((*path, "needs"), "expected each party once")
        ok = False
    if not ok or by is None:
        return None
    return Proposal(
        id=pid,
        proposed_by=by,
        needs=tuple(needs),
        terms=Terms(start_rule=starts[rule or StartRule.ON_ACCEPTANCE.value]),
        title=title or "",
        kind="ceasefire",
    )


def _codes(check: _Checker, value: Any, rules: tuple[ProposalRule, ...]) -> dict[str, str]:
    lifecycles = _lifecycles(check.scenario, rules)
    actions = [PROPOSE, *dict.fromkeys(a.name for lc in lifecycles for a in lc.actions)]
    codes: dict[str, str] = {}
    for code, action in check.mapping(("codes",), value, None).items():
        path: KeyPath = ("codes", code)
        wrong = code_problem(code)
        if wrong is not None:
            check.problem(path, f"expected {wrong}", ErrorCode.IMPORT_MAPPING_SHAPE, key=True)
            continue
        name = check.text(path, action)
        if name is None:
            continue
        if name not in actions:
            check.problem(
                path,
                f"expected an action of the proposals' lifecycle ({', '.join(actions)}), "
                f"found {name!r}{did_you_mean(name, actions)}",
                ErrorCode.IMPORT_MAPPING_UNKNOWN,
            )
            continue
        codes[code] = name
    return codes


def _lifecycles(scenario: Scenario | None, rules: tuple[ProposalRule, ...]) -> list[Lifecycle]:
    found: dict[str, Lifecycle] = {}
    for rule in rules:
        proposal = rule.new or (scenario.proposals[rule.proposal] if scenario else None)
        if proposal is not None:
            found.setdefault(proposal.lifecycle.name, proposal.lifecycle)
    return list(found.values()) or [CEASEFIRE]


def _kind(value: object) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return type(value).__name__ if not isinstance(value, str) else repr(value)
