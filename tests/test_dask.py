"""ceasefire.dask: an event set replayed on a local Dask cluster equals the one-process replay."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dask.dataframe as dd
import distributed
import pandas as pd
import pytest

from ceasefire import SameDay, frames
from ceasefire import dask as cf_dask
from ceasefire.files.eventlog import replay_log
from logs_tool import invented_log


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows by proposal, then as replayed; categories as text (each partition has its own)."""
    plain = frame.astype({c: "object" for c in frame.columns if frame[c].dtype == "category"})
    ordered = plain.sort_values("proposal", kind="stable")
    return ordered.reset_index(drop=True)


@pytest.mark.parametrize("kind", ["changes", "spans"])
def test_a_local_cluster_replays_as_one_process(tmp_path: Path, kind: cf_dask.Frame) -> None:
    path = invented_log(tmp_path)
    header, columns = cf_dask.event_columns(path)
    columns.to_parquet(tmp_path / "events.parquet")
    events = dd.read_parquet(tmp_path / "events.parquet").repartition(npartitions=3)
    timeline = replay_log(path).timeline
    assert timeline is not None
    one = frames.changes(timeline) if kind == "changes" else frames.spans(timeline)
    with (
        distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):
        shared = cf_dask.replay(events, header, frame=kind).compute()
    pd.testing.assert_frame_equal(_comparable(shared), _comparable(one))
    assert len(shared) > 40


def test_a_partition_replays_alone_to_the_day_given(tmp_path: Path) -> None:
    header, columns = cf_dask.event_columns(invented_log(tmp_path))
    mine = columns[columns.proposal == "p00"]
    early = cf_dask.replay_partition(mine, header, frame="spans")
    later = cf_dask.replay_partition(
        mine, header, frame="spans", end=pd.Timestamp("2024-03-01").date()
    )
    assert list(early.state) == list(later.state) == ["proposed", "accepted", "active", "expired"]
    empty = cf_dask.replay_partition(columns.iloc[:0], header)
    assert empty.empty
    timeline = replay_log(invented_log(tmp_path)).timeline
    assert timeline is not None
    assert list(empty.columns) == list(frames.changes(timeline).columns)


def test_events_first_and_links_are_refused(tmp_path: Path) -> None:
    header, columns = cf_dask.event_columns(invented_log(tmp_path, SameDay.EVENTS_FIRST))
    events = dd.from_pandas(columns, npartitions=2)
    with pytest.raises(ValueError, match="events come first"):
        cf_dask.replay(events, header)
    linked = columns.copy()
    linked.loc[0, "record"] = (
        '{"proposal": "p00", "proposed-by": "A", "needs": ["B"], "renews": ["p01"]}'
    )
    with pytest.raises(ValueError, match="links to another"):
        cf_dask.replay_partition(linked, header)


def test_proposal_of_reads_the_line() -> None:
    assert cf_dask.proposal_of('{"proposal": "x", "needs": []}') == "x"
    assert cf_dask.proposal_of('{"date": "2025-01-01", "happened": "talks", "source": "s"}') == ""
    assert cf_dask.proposal_of("[1]") == ""


def test_import_ceasefire_does_not_import_dask() -> None:
    code = (
        "import sys, ceasefire, ceasefire.files.eventlog; ceasefire.replay; ceasefire.frames; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'distributed'}))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
