"""``ceasefire import cameo``: invented event rows and a mapping in, a scenario file out."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from commandline import run

HOW_TO = Path(__file__).parents[2] / "examples" / "how-to" / "cameo"
EVENTS, MAPPING, TRUCE = (
    str(HOW_TO / name)
    for name in ("invented-events.csv", "invented-mapping.yaml", "invented-truce.yaml")
)
"""The how-to's invented rows, mapping and scenario."""

SUMMARY = (
    f"{EVENTS}: 5 events from 8 rows; 3 rows matched no rule (code not mapped: line 6; "
    "actor not mapped: line 7; no proposal fits: line 9)\n"
)


def test_the_events_go_into_the_scenario_and_the_summary_to_stderr(tmp_path: Path) -> None:
    target = tmp_path / "truce.yaml"
    imported = run(
        "import", "cameo", EVENTS, "--mapping", MAPPING, "--into", TRUCE, "-o", str(target)
    )
    assert (imported.code, imported.out, imported.err) == (0, "", SUMMARY)
    assert run("validate", str(target)).code == 0
    exported = run("export", str(target), "--format", "events")
    rows = list(csv.DictReader(io.StringIO(exported.out)))
    assert [(r["at"], r["action"], r["actor"], r["cameo"]) for r in rows[2:]] == [
        ("2031-09-02", "accept", "SL", "0356"),
        ("2031-09-03", "begin", "NL", "0871"),
        ("2031-09-10", "violate", "SL", "196"),
        ("2031-09-10", "violate", "SL", "196"),
        ("2031-09-20", "violate", "NL", "196"),  # 190, mapped by its prefix 19
    ]


def test_refused_events_are_counted_and_an_existing_file_kept_without_force(
    tmp_path: Path,
) -> None:
    """Without --into the proposal is unknown; a begin before the accepts is refused."""
    target = tmp_path / "truce.yaml"
    target.write_text("mine\n", encoding="utf-8")
    refused = run(
        "import", "cameo", EVENTS, "--mapping", MAPPING, "--into", TRUCE, "-o", str(target)
    )
    assert (refused.code, refused.err) == (
        2,
        f"ceasefire: {target}: already exists; add --force to replace it\n",
    )
    early = tmp_path / "early.csv"
    early.write_text(
        Path(EVENTS).read_text(encoding="utf-8").replace("903,20310910", "903,20310901"),
        encoding="utf-8",
    )
    forced = run(
        "import",
        "cameo",
        str(early),
        "--mapping",
        MAPPING,
        "--into",
        TRUCE,
        "-o",
        str(target),
        "--force",
    )
    assert forced.code == 0
    assert forced.err.endswith(
        f"; the replay refuses 1 event (ceasefire validate {target} lists them)\n"
    )
    assert target.read_text(encoding="utf-8").startswith("scenario: invented-harvest-truce\n")


def test_a_problem_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "truce.yaml"
    result = run("import", "cameo", EVENTS, "--mapping", MAPPING, "-o", str(target))
    assert result.code == 1
    assert result.err == (
        f"{MAPPING}:22:3: proposals.harvest-truce: expected a proposal of a new scenario, "
        "found 'harvest-truce'; to add it, give it proposed-by: [CF420]\n"
    )
    assert not target.exists()
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "GLOBALEVENTID,SQLDATE,Actor1Code,Actor2Code,EventCode,SOURCEURL\n"
        "1,2031-9-2,XNL,XSL,196,\n",
        encoding="utf-8",
    )
    bad_row = run(
        "import", "cameo", str(rows), "--mapping", MAPPING, "--into", TRUCE, "-o", str(target)
    )
    assert (bad_row.code, bad_row.err) == (
        1,
        f"{rows}:2: SQLDATE: expected a day as YYYYMMDD or YYYY-MM-DD, found '2031-9-2' [CF421]\n",
    )
    assert not target.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("cf", EVENTS, "--mapping", MAPPING),
            "ceasefire: import cf takes no --mapping or --into (they are for import cameo)\n",
        ),
        (
            ("cameo", EVENTS),
            "ceasefire: import cameo needs --mapping MAP.yaml: which codes mean what\n",
        ),
        (
            ("cameo", EVENTS, "--mapping", "missing.yaml"),
            "ceasefire: missing.yaml: no such file\n",
        ),
    ],
)
def test_usage_mistakes_exit_2(argv: tuple[str, ...], message: str) -> None:
    result = run("import", *argv)
    assert (result.code, result.out, result.err) == (2, "", message)
