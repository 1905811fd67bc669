"""The catalogue of error codes: one stable code for each kind of mistake the library reports.

Every `ceasefire.CeasefireError` and every `ceasefire.Problem` carries one of
these codes. The code of a kind of mistake never changes and is never reused,
so scripts may test for it, and people may search for it in the error
catalogue of the documentation (generated from this module).

The hundreds say where the mistake was found:

- ``CF1xx`` reading a file: size, encoding, YAML and JSON syntax;
- ``CF2xx`` the shape of the data: keys, types, dates, durations;
- ``CF3xx`` checks across a file: names, ids, sources, terms;
- ``CF4xx`` acting on a negotiation: refused actions, the clock;
- ``CF5xx`` lifecycle tables;
- ``CF6xx`` checkpoints;
- ``CF7xx`` snapshots;
- ``CF8xx`` extensions and optional parts.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["ErrorCode"]

_GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "1": "Reading a file",
        "2": "The shape of the data",
        "3": "Checks across a file",
        "4": "Acting on a negotiation",
        "5": "Lifecycle tables",
        "6": "Checkpoints",
        "7": "Snapshots",
        "8": "Extensions and optional parts",
    }
)


class ErrorCode(enum.StrEnum):
    """A stable code for one kind of error, with its summary and the usual fix.

    The value is the code itself (``"CF204"``), so a code compares equal to
    its text and is written as text in JSON.

    Attributes:
        summary: One sentence saying what is wrong.
        fix: What usually puts it right.
    """

    summary: str
    fix: str

    def __new__(cls, code: str, summary: str, fix: str) -> ErrorCode:
        """Make the member for `code`."""
        member = str.__new__(cls, code)
        member._value_ = code
        member.summary = summary
        member.fix = fix
        return member

    @classmethod
    def lookup(cls, code: str) -> ErrorCode:
        """Return the member for a code's text (``"CF204"``), as ``ErrorCode("CF204")`` does.

        Raises:
            ValueError: No error has that code.
        """
        for member in cls:
            if member.value == code:
                return member
        raise ValueError(f"no error has the code {code!r}")

    @property
    def group(self) -> str:
        """Where this kind of mistake is found, from its hundreds ("Reading a file")."""
        return _GROUPS[self.value[2]]

    @property
    def slug(self) -> str:
        """The member's name as a lower-case phrase joined by hyphens (``bad-date``)."""
        return self.name.lower().replace("_", "-")

    # -- reading a file ----------------------------------------------------------------------

    FILE_TOO_LARGE = (
        "CF101",
        "The file is larger than the size limit (10 MiB by default), so it is not read.",
        "Raise the limit with --max-size MiB on the command line or max_bytes= in Python.",
    )
    UNREADABLE = (
        "CF102",
        "The file cannot be read: it is missing, a folder, or not readable.",
        "Check the path and the file's permissions.",
    )
    NOT_UTF8 = (
        "CF103",
        "The file is not UTF-8 text (or is not text at all).",
        "Save the file as UTF-8; the message names the first byte that is not.",
    )
    EMPTY_FILE = (
        "CF104",
        "The file holds nothing but comments or white space.",
        "Write a scenario: a mapping with scenario, parties, proposals and events.",
    )
    YAML_SYNTAX = (
        "CF105",
        "The file is not well-formed YAML, or holds more than one YAML document.",
        "Fix the syntax at the place named; quote text that holds ': ' or starts with "
        "a special character.",
    )
    JSON_SYNTAX = (
        "CF106",
        "The file is not well-formed JSON.",
        "Fix the syntax at the place named: JSON has no comments, no trailing commas, "
        "and only double quotes.",
    )
    TOO_DEEP = (
        "CF107",
        "The data is nested more than 64 levels deep.",
        "No scenario needs that depth; the file is probably generated wrongly.",
    )
    YAML_ALIAS = (
        "CF108",
        "The YAML file uses an anchor (&name) or an alias (*name).",
        "Write the repeated value out in full: scenario files hold plain data only.",
    )
    YAML_TAG = (
        "CF109",
        "The YAML file uses a tag (!!python/object, !!binary, !custom ...).",
        "Remove the tag: scenario files hold plain data only, and no tag is ever run.",
    )
    DUPLICATE_KEY = (
        "CF110",
        "A mapping has the same key twice.",
        "Keep one of the two; ids of parties, proposals and sources are keys, so two "
        "with one id are two keys.",
    )
    COMPLEX_KEY = (
        "CF111",
        "A mapping key is a list or a mapping instead of text.",
        "Write the key as text.",
    )
    BAD_CHARACTER = (
        "CF112",
        "The file holds a control character that YAML does not allow.",
        "Remove the character at the place named (often a stray byte from copying).",
    )

    # -- the shape of the data ---------------------------------------------------------------

    MISSING_KEY = (
        "CF201",
        "A required key is missing.",
        "Add the key the message names.",
    )
    UNKNOWN_KEY = (
        "CF202",
        "A key is not one this mapping takes; nothing unknown is ever ignored.",
        "Correct the spelling (the message suggests the closest key) or remove the key.",
    )
    WRONG_TYPE = (
        "CF203",
        "A value is of the wrong kind: text where a list is expected, a number for text ...",
        "Write the kind of value the message says is expected.",
    )
    BAD_DATE = (
        "CF204",
        "A date or time is not one: not ISO 8601, a day that does not exist, or outside "
        "the calendar.",
        "Write YYYY-MM-DD (2025-03-11), or a time with its UTC offset (2025-05-11T01:30+03:00).",
    )
    NAIVE_TIME = (
        "CF205",
        "A time of day has no UTC offset, so the instant it means is unknown.",
        "Add the offset (+03:00, or Z for UTC), or give the date alone.",
    )
    BAD_DURATION = (
        "CF206",
        "A duration is not an ISO 8601 duration in weeks, days, hours or minutes, or "
        "is not positive.",
        "Write P30D, P2W or PT30H; months and years are refused because their length varies.",
    )
    NOT_A_CHOICE = (
        "CF207",
        "A value is not one of the fixed choices for its key (a role, a precision ...).",
        "Use one of the values the message lists.",
    )
    EVENT_SHAPE = (
        "CF208",
        "An event has no action key, or more than one.",
        "Give each event exactly one action key (accept: ID) or happened: TEXT.",
    )
    BAD_TEXT = (
        "CF209",
        "Text holds a control character (other than tab and newline), written as it is "
        "or as an escape such as \\e or \\u0000.",
        "Remove the character the message names; terminal colours and other control "
        "codes have no place in a scenario.",
    )
    BAD_ID = (
        "CF210",
        "An id is empty, longer than 128 characters, or holds a character outside the safe "
        "alphabet (ASCII letters and digits, '-', '_' and '.', starting with a letter or "
        "digit); or a lifecycle's name is empty or holds a control or format character.",
        "Rename it within the alphabet (no spaces, slashes, bidirectional or zero-width "
        "characters); names for people go in name: or title:.",
    )
    UNKNOWN_TIME_ZONE = (
        "CF211",
        "A time zone is not a name of the IANA time zone database, as zoneinfo knows it.",
        "Write the zone's IANA name, Area/City (Europe/Kyiv, America/New_York, UTC); the "
        "message suggests the closest. Leave timezone out for UTC days.",
    )
    UNNAMED_TIME_ZONE = (
        "CF212",
        "A scenario's time zone is not a named zone: a zoneinfo.ZoneInfo without an IANA "
        "name (read from a file) cannot be written into a scenario file.",
        "Give zoneinfo.ZoneInfo('Area/City'), or None for UTC days.",
    )
    BAD_BETWEEN = (
        "CF214",
        "A between range is not two days in order, holding the event's own date, on an "
        "approximate date.",
        "Write between: [FIRST, LAST] with FIRST <= the date <= LAST, and precision: approximate.",
    )
    SINCE_AFTER_UNTIL = (
        "CF218",
        "A chart's or report's window ends before it starts: since is after until.",
        "Give a since (--since) on or before the until (--until), or leave one out.",
    )
    UNKNOWN_EXAMPLE = (
        "CF221",
        "An example name is not one of the scenarios shipped with the library.",
        "Use a name that `ceasefire examples` (or ceasefire.examples.names()) lists; the "
        "message suggests the closest.",
    )
    # -- checks across a file ----------------------------------------------------------------

    UNKNOWN_NAME = (
        "CF301",
        "A name or id refers to nothing: a party, proposal, source, lifecycle, state, "
        "action or obligation that is not defined.",
        "Correct the spelling (the message suggests the closest name) or define it; a "
        "lifecycle defined in Python is found through a registry: Registry(lifecycles=...) "
        "when loading, --registry MODULE:NAME on the command line, or the ceasefire_registry "
        "ini option of pytest.",
    )
    DUPLICATE_NAME = (
        "CF302",
        "A name is already taken: an id used twice, or a lifecycle named like a built-in one.",
        "Choose another name.",
    )
    BAD_TERMS = (
        "CF303",
        "The terms of a proposal contradict themselves or the time it is made: an end "
        "before the start, a deadline already passed, a party needed twice ...",
        "Correct the terms as the message says.",
    )
    MISSING_SOURCE = (
        "CF304",
        "An event, or a disputed version of one, has no source; every fact needs one.",
        "Add source: ID (or source: {ref: ID, quote: ...}) naming an entry of sources.",
    )
    MISPLACED_KEY = (
        "CF305",
        "A key does not belong with the others here: source with sources, obligation "
        "on an event that is not a fulfil, miss or defer, where on one that is not a "
        "violate ...",
        "Remove the key, or keep only one of the two the message names.",
    )
    TIMER_AS_EVENT = (
        "CF306",
        "An event (or a call) names a timer: timers happen by themselves.",
        "Remove the event; the replay fires the timer when its time comes.",
    )
    PROPOSED_TWICE = (
        "CF307",
        "A proposal is proposed by more than one event.",
        "Keep one propose event; a new offer is a new proposal (linked with renews: or "
        "supersedes:).",
    )
    NEVER_PROPOSED = (
        "CF308",
        "A proposal is defined but no event proposes it.",
        "Add an event with propose: ID, or remove the proposal.",
    )
    WRONG_PROPOSER = (
        "CF309",
        "The party that proposes a proposal is not its proposed-by.",
        "Make the event's by: and the proposal's proposed-by: agree.",
    )
    BAD_LINK = (
        "CF310",
        "A proposal links to itself, or to a proposal not yet proposed when it is.",
        "Link to another proposal, proposed earlier.",
    )
    BAD_MIRROR = (
        "CF315",
        "A proposal mirrors itself: a mirror document is another proposal, signed by "
        "other parties.",
        "Name the other document under mirrors: (the one the other side signed), proposed "
        "earlier; name it once, on either side.",
    )
    PROPOSER_NOT_GIVEN = (
        "CF316",
        "The propose event of a proposal names who proposed it (by:), but the proposal "
        "has no proposed-by: its proposer is unknown.",
        "Write the party as the proposal's proposed-by: and remove by: from the event, "
        "or remove by: if no source says who proposed it.",
    )
    VERSION_NEVER_APPLIES = (
        "CF319",
        "A version of a disputed event (or the event as written) could never apply: under no "
        "dispute rule and no placement of the file's uncertain dates is it allowed where it "
        "would fall.",
        "Check its action, party and date against the proposal's lifecycle and the other "
        "events; or drop the version if no source tells it so.",
    )

    # -- acting on a negotiation -------------------------------------------------------------

    NOT_ALLOWED_IN_STATE = (
        "CF401",
        "The lifecycle does not allow the action in the proposal's current state "
        "(accepting a rejected proposal, extending one not in force ...).",
        "Check the order and dates of the events: the message lists the actions the state allows.",
    )
    NOT_ENTITLED = (
        "CF402",
        "The party may not take the action: it is not asked to answer, not the proposer, "
        "or no party was named.",
        "Name the right party with by:, or correct the proposal's needs.",
    )
    GUARD_FAILED = (
        "CF403",
        "The action is allowed in the state, but the conditions of its transition (its "
        "guards) do not hold.",
        "Check the guards the message names against the proposal's answers and terms.",
    )
    BAD_NEW_END = (
        "CF404",
        "An action that changes the end got no usable new end: neither or both of until "
        "and extra, nothing to add to, or an end not after now.",
        "Give until: (a new end) or extra: (a length to add), one of the two, after now.",
    )
    CLOCK_BACKWARDS = (
        "CF405",
        "The simulated clock was asked to go back in time.",
        "Act and advance in time order. Replay sorts the events of a scenario file itself; "
        "the lines of an event log must be written in time order.",
    )
    OUTSIDE_CALENDAR = (
        "CF406",
        "A time, or a time plus a duration, falls outside the years 1 to 9999 in UTC.",
        "Correct the date or the duration.",
    )
    BEYOND_TIMELINE = (
        "CF407",
        "A question is asked of a timeline about a time after it ends.",
        "Replay with until= a later time.",
    )
    NOT_A_TIME = (
        "CF408",
        "A value given as a time is neither a date nor a datetime with a time zone.",
        "Pass a datetime.date, or a datetime.datetime with tzinfo.",
    )

    HISTORY_NOT_KEPT = (
        "CF409",
        "The history of a negotiation made with keep_history=False was asked for.",
        "Make the negotiation with keep_history=True (the default) to read its history, "
        "or use the changes each call returns.",
    )
    NO_DEADLINE_YET = (
        "CF410",
        "An obligation's deadline is moved (defer) before the agreement has come into force, "
        "so it has no deadline yet.",
        "Date the defer event after the agreement comes into force, or correct the obligation "
        "it names.",
    )
    DEADLINE_NOT_LATER = (
        "CF411",
        "A defer event's new deadline is not after the obligation's current one (or the "
        "current one is beyond the calendar).",
        "Give a later until:, or a positive extra:; a deadline is only ever moved later.",
    )
    BAD_NEW_DEADLINE = (
        "CF412",
        "A defer event gives neither or both of until and extra, or a fulfil or miss event "
        "gives one of them.",
        "Give a defer event until: (the new deadline) or extra: (a length to add), one of "
        "the two; leave them off fulfil and miss.",
    )
    PARTICIPATION_UNCHANGED = (
        "CF413",
        "A party's participation cannot change so: it has withdrawn for good, or it is "
        "already suspended (or already participating).",
        "Check the order and dates of the party's events: a suspension is followed by a "
        "resumption, and nothing follows a withdrawal.",
    )
    NOT_A_PARTICIPANT = (
        "CF414",
        "A party acts on its own participation in a proposal it is not a party to: only "
        "the parties whose acceptance the proposal needs take part in it.",
        "Name one of the proposal's needs with by:, or add the party to needs.",
    )
    PROPOSER_UNKNOWN = (
        "CF415",
        "An action reserved to the proposer was taken on a proposal whose proposer is "
        "unknown (no proposed-by).",
        "Give the proposal its proposed-by: if a source names the proposer; otherwise the "
        "action cannot be attributed.",
    )
    IMPORT_MISSING_COLUMN = (
        "CF416",
        "A data-set file to import lacks a column the importer needs (the ceasefire's id, "
        "a date's year, month or day), names a column twice, or has no header line.",
        "Add the column to the file's header line, with the name the data set's codebook "
        "gives it (cf_id, cf_dec_yr, cf_dec_month, cf_dec_day ...), once.",
    )
    IMPORT_BAD_VALUE = (
        "CF417",
        "A cell of a data-set file to import is not what its column takes: a year, month or "
        "day that is not a number in range, an id that cannot name a proposal, a ceasefire "
        "listed twice, or a cell with a control character.",
        "Correct the cell the message names (file, line and column); write an unknown month "
        "or day as -1.",
    )
    IMPORT_DATE_PARTS = (
        "CF418",
        "A row's dates do not fit together: a day with an unknown month (or a month with an "
        "unknown year), an end date without an effect date, or a date before the one it "
        "follows (effect before declaration, end before effect).",
        "Write -1 for the finer parts of a date whose coarser part is unknown, and check the "
        "row's dates against its sources.",
    )
    IMPORT_MAPPING_SHAPE = (
        "CF419",
        "The mapping file of a CAMEO import is not what it takes: a key it does not have, a "
        "value of the wrong kind, a CAMEO code that is not two to four digits under a root "
        "01 to 20, an action or actor code given twice, a date that is no day, or a column "
        "the file's layout does not name.",
        "Correct the key the message names; docs/reference/cameo-mapping.md lists the keys "
        "of a mapping file and what each takes.",
    )
    IMPORT_MAPPING_UNKNOWN = (
        "CF420",
        "The mapping file of a CAMEO import names a party, proposal or action the scenario "
        "does not have: a party neither the scenario nor the mapping declares, a proposal "
        "without proposed-by that the scenario lacks, a new proposal no row proposes, or an "
        "action of no lifecycle of the proposals.",
        "Use the ids of the scenario given with --into (or declare the party under parties:, "
        "the proposal with proposed-by:), and an action of the proposals' lifecycle "
        "(propose, accept, reject, begin, violate ...).",
    )
    IMPORT_EVENT_ROW = (
        "CF421",
        "A row of a CAMEO-coded event file cannot be read: a column the mapping names is "
        "missing, a date is not YYYYMMDD or YYYY-MM-DD, a code is not two to four digits, "
        "a cell names a proposal the scenario lacks, or a cell holds a control character.",
        "Correct the cell the message names (file, line and column), or name the right "
        "column under the mapping's columns:.",
    )

    # -- lifecycle tables --------------------------------------------------------------------

    LIFECYCLE_UNKNOWN_NAME = (
        "CF501",
        "A lifecycle table names a state, action, guard, effect, instant rule or row that "
        "does not exist.",
        "Correct the spelling (the message suggests the closest name) or define it; a "
        "guard, effect or instant rule defined in Python goes in Lifecycle(guards=..., "
        "effects=..., instants=...), or for a file in a registry: Registry(guards=...) when "
        "loading, --registry MODULE:NAME on the command line, or the ceasefire_registry ini "
        "option of pytest.",
    )
    LIFECYCLE_DUPLICATE = (
        "CF502",
        "A lifecycle defines a state, action or timer twice.",
        "Keep one definition.",
    )
    LIFECYCLE_AMBIGUOUS = (
        "CF503",
        "A lifecycle's trigger is ambiguous: a name is both an action and a timer, or two "
        "rows could fire at once.",
        "Rename one of them, or give the rows guards that cannot hold together.",
    )
    LIFECYCLE_BAD_INITIAL = (
        "CF504",
        "A lifecycle's initial state is final, so nothing could ever happen.",
        "Start from a state with a way out.",
    )
    LIFECYCLE_UNREACHABLE = (
        "CF505",
        "A state of a lifecycle cannot be reached from its initial state.",
        "Add a transition or timer into the state, or remove it.",
    )
    LIFECYCLE_DEAD_END = (
        "CF506",
        "A state that is not final has no way out, or a final state has one.",
        "Mark the state final, or add (or remove) the rows leaving it.",
    )
    LIFECYCLE_UNUSED_ACTION = (
        "CF507",
        "An action of a lifecycle is used by no transition.",
        "Use it in a transition, or remove it.",
    )
    LIFECYCLE_TIMER_LOOP = (
        "CF508",
        "Timers lead round in a circle with no action between, so they could fire for ever.",
        "Break the circle with an action, or end it in a final state.",
    )
    LIFECYCLE_BAD_SHAPE = (
        "CF509",
        "A lifecycle has an impossible shape: no states at all, or an action recording "
        "an answer other than accepted or rejected.",
        "Correct the table as the message says.",
    )

    LIFECYCLE_BAD_PARTICIPATION = (
        "CF510",
        "An action that records a participation is not taken by a party on its own "
        "participation (its by: is not required or signatory), or records an answer too.",
        "Give the action by: required (or signatory), and keep answers and participation "
        "in separate actions.",
    )
    LIFECYCLE_BAD_VARIABLE = (
        "CF511",
        "A declared guard or effect (compare, set, add) names a variable or parameter the "
        "lifecycle does not declare, or mixes types: adds to text, compares a date with a "
        "number, orders true and false.",
        "Declare the variable or parameter under variables: or parameters:, or correct the "
        "rule so both sides have the same type.",
    )

    # -- checkpoints -------------------------------------------------------------------------

    CHECKPOINT_FAILED = (
        "CF601",
        "A checkpoint of a scenario does not hold: the replay gives another state.",
        "Correct the events or the checkpoint; the message shows the last change that led "
        "to the state found.",
    )

    # -- snapshots ---------------------------------------------------------------------------

    NOT_A_SNAPSHOT = (
        "CF701",
        "The data is not a ceasefire snapshot (no format: ceasefire-snapshot).",
        "Restore only what Negotiation snapshots wrote.",
    )
    SNAPSHOT_VERSION = (
        "CF702",
        "The snapshot's version is missing or not one this version of the library reads.",
        "Restore it with the version of ceasefire that wrote it.",
    )
    SNAPSHOT_INCONSISTENT = (
        "CF703",
        "The snapshot contradicts itself: a state its history cannot reach, positions or "
        "timers that disagree with the history ... It was edited or damaged, or its "
        "lifecycles name functions defined in Python that restore was not given.",
        "Give restore the Registry of the guards, instant rules and effects (or the "
        "lifecycles) defined in Python that the snapshot names; otherwise take a new "
        "snapshot: a snapshot written by the library restores with the registry it needs.",
    )

    # -- extensions and optional parts -------------------------------------------------------

    BAD_REGISTRY = (
        "CF801",
        "A registry named as MODULE:ATTRIBUTE cannot be imported or is not a Registry.",
        "Check the module is importable (on PYTHONPATH) and the attribute is a ceasefire.Registry.",
    )
    MISSING_EXTRA = (
        "CF802",
        "An optional part needs a package that is not installed.",
        "Install the extra the message names, such as pip install 'ceasefire[png]'.",
    )
    RULE_FAILED = (
        "CF803",
        "A guard, instant rule or effect written in Python raised an error.",
        "Fix the function the message names, at the line it gives; the event it was "
        "evaluated for is the one the problem line points at.",
    )
