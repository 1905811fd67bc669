"""Mutation testing of the core and scenario modules, each against its own tests.

`make mutate` runs this. For every module in `MODULES`, mutmut mutates that
module alone and runs only the test files named beside it, so a module's
score says how well its own tests pin it down, not whether some distant test
happens to notice. Each module gets a scratch copy of the project under
`.mutate/<module>/` (ignored by git): mutmut writes its `mutants/` there,
and `mutmut results`, `mutmut show NAME` and `mutmut browse` work from that
directory afterwards.

The score counts a mutant as caught when a test fails or runs past mutmut's
time limit; one that no test reaches counts against the module like a
survivor. Hypothesis runs with a fixed seed, so a run gives the same figures
twice. The exit status is 1 when a core module scores under `FLOOR`.

    python tools/mutate.py                      # every module
    python tools/mutate.py core/_agenda.py      # some of them
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".mutate"
PACKAGE = "src/ceasefire"
FLOOR = 95.0

#: Each module under src/ceasefire, and the test files under tests/ that are its own. A
#: module that other modules call for every step (`_stepping` for `Negotiation`) counts
#: the tests of its caller as its own too: that is where its rules are written down. The
#: checks at the boundary of the values, `Negotiation` and `replay` are written down in
#: tests/core/test_arguments.py and tests/core/test_characters.py, which count for those.
MODULES: dict[str, tuple[str, ...]] = {
    "core/_agenda.py": ("core/test_agenda.py",),
    "core/_arguments.py": ("core/test_arguments.py",),
    "core/_characters.py": ("core/test_characters.py", "core/test_arguments.py"),
    "core/_ceasefire.py": ("core/test_lifecycles.py",),
    "core/_checks.py": ("core/test_lifecycle.py",),
    "core/_collector.py": ("core/test_collector.py", "scenario/test_replay.py"),
    "core/_declared.py": ("core/test_variables.py", "core/test_table_engine.py"),
    "core/_history.py": ("core/test_history.py",),
    "core/_instants.py": ("core/test_instants.py",),
    "core/_kinds.py": ("core/test_kinds.py",),
    "core/_ledger.py": ("core/test_ledger.py", "core/test_negotiation.py"),
    "core/_links.py": ("core/test_participation.py", "outputs/test_export.py"),
    "core/_model.py": (
        "core/test_lifecycle.py",
        "core/test_status.py",
        "core/test_rules.py",
        "test_proposal.py",
        "core/test_characters.py",
    ),
    "core/_negotiation.py": (
        "core/test_negotiation.py",
        "core/test_arguments.py",
        "core/test_participation.py",
        "core/test_agenda.py",
        "core/test_table_engine.py",
        "core/test_act_plainly.py",
        "core/test_variables.py",
        "test_repr.py",
    ),
    "core/_drafts.py": ("core/test_drafts.py", "core/test_status.py"),
    "core/_firing.py": (
        "core/test_negotiation.py",
        "core/test_table_engine.py",
        "core/test_participation.py",
    ),
    "core/_opening.py": ("core/test_opening.py", "core/test_negotiation.py"),
    "core/_participation.py": ("core/test_participation.py",),
    "core/_registry.py": ("core/test_rules.py",),
    "core/_restoring.py": ("core/test_negotiation.py", "files/test_restore.py"),
    "core/_rules.py": ("core/test_rules.py", "core/test_lifecycles.py", "core/test_negotiation.py"),
    "core/_statuses.py": ("core/test_status.py", "core/test_compiled_steps.py"),
    "core/_stepping.py": (
        "core/test_stepping.py",
        "core/test_negotiation.py",
        "core/test_participation.py",
    ),
    "core/_table.py": ("core/test_lifecycle.py",),
    "core/_terms.py": ("core/test_terms.py", "core/test_characters.py"),
    "core/_values.py": (
        "core/test_values.py",
        "core/test_characters.py",
        "core/test_participation.py",
    ),
    "core/_variables.py": ("core/test_variables.py", "core/test_terms.py"),
    "core/engines/_compiled.py": (
        "core/test_table_engine.py",
        "core/test_compiled_steps.py",
        "core/test_act_plainly.py",
    ),
    "core/engines/_machines.py": ("core/test_negotiation.py", "core/test_table_engine.py"),
    "core/engines/_table.py": (
        "core/test_table_engine.py",
        "core/test_compiled_steps.py",
        "core/test_act_plainly.py",
        "core/test_opening.py",
    ),
    "core/engines/_transitions.py": ("core/test_transitions_engine.py",),
    "scenario/_applying.py": ("scenario/test_replay.py", "scenario/test_applying.py"),
    "scenario/_certainty.py": ("scenario/test_certainty.py",),
    "scenario/_dates.py": ("scenario/test_dates.py",),
    "scenario/_disputes.py": ("scenario/test_disputes.py",),
    "scenario/_entries.py": ("scenario/test_timer_dates.py", "scenario/test_timeline.py"),
    "scenario/_enumeration.py": ("scenario/test_certainty.py",),
    "scenario/_placements.py": ("scenario/test_placements.py",),
    "scenario/_ends.py": ("scenario/test_ends.py",),
    "scenario/_obligations.py": ("scenario/test_obligations.py",),
    "scenario/_local.py": ("scenario/test_local.py",),
    "scenario/_replay.py": ("scenario/test_replay.py", "core/test_arguments.py"),
    "scenario/_same_day.py": ("scenario/test_same_day.py",),
    "scenario/_scenario.py": ("scenario/test_scenario.py", "core/test_characters.py"),
    "scenario/_timeline.py": ("scenario/test_timeline.py",),
    "testing/_checkpoints.py": ("testing/test_testing.py",),
}

#: What the tests read besides the package and themselves.
COPIED = ("src", "tests", "examples")


@dataclass(frozen=True)
class Score:
    """The fate of one module's mutants."""

    module: str
    killed: int
    survived: int
    no_tests: int
    timeout: int
    other: int

    @property
    def total(self) -> int:
        """Every mutant made of the module."""
        return self.killed + self.survived + self.no_tests + self.timeout + self.other

    @property
    def percent(self) -> float | None:
        """The share of mutants caught, or None when the module gave none."""
        if not self.total:
            return None
        return 100 * (self.killed + self.timeout) / self.total

    @property
    def core(self) -> bool:
        """Whether the module is held to `FLOOR`."""
        return self.module.startswith("core/")


def _config(module: str, tests: tuple[str, ...]) -> str:
    """The `[tool.mutmut]` table of one module's run."""
    selection = ", ".join(json.dumps(f"tests/{test}") for test in tests)
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f'only_mutate = ["{PACKAGE}/{module}"]\n'
        f"pytest_add_cli_args_test_selection = [{selection}]\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "--hypothesis-seed=0"]\n'
        'also_copy = ["examples"]\n'
        "use_git_change_detection = false\n"
    )


def _prepare(module: str, tests: tuple[str, ...]) -> Path:
    """A fresh scratch copy of the project, configured to mutate `module` alone."""
    work = WORK / module.removesuffix(".py").replace("/", ".")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis")
    for name in COPIED:
        shutil.copytree(ROOT / name, work / name, ignore=ignore)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (work / "pyproject.toml").write_text(pyproject + _config(module, tests), encoding="utf-8")
    return work


def _mutmut(work: Path, *args: str) -> str | None:
    """Run mutmut in `work`: its output (also in `work/mutmut.log`), or None when it failed."""
    command = [str(Path(sys.executable).parent / "mutmut"), *args]
    done = subprocess.run(
        command, cwd=work, capture_output=True, text=True, encoding="utf-8", check=False
    )
    with (work / "mutmut.log").open("a", encoding="utf-8") as log:
        log.write(f"$ mutmut {' '.join(args)}\n{done.stdout}{done.stderr}")
    return None if done.returncode else done.stdout


def _functions(work: Path, module: str) -> int:
    """How many functions mutmut found to mutate in `module` (0 when it never got that far)."""
    meta = work / "mutants" / PACKAGE / f"{module}.meta"
    if not meta.exists():
        return 0
    return len(json.loads(meta.read_text(encoding="utf-8"))["hash_by_function_name"])


def _measure(module: str, tests: tuple[str, ...], children: int) -> tuple[Score, list[str]]:
    """Mutate one module against its tests: its score and its uncaught mutants."""
    work = _prepare(module, tests)
    if _mutmut(work, "run", "--max-children", str(children)) is None:
        if _functions(work, module):
            sys.exit(f"mutmut failed in {work}; see {work / 'mutmut.log'}")
        # Only code inside undecorated functions is mutated: this module has none.
        return Score(module, killed=0, survived=0, no_tests=0, timeout=0, other=0), []
    results = _mutmut(work, "results")
    if _mutmut(work, "export-cicd-stats") is None or results is None:
        sys.exit(f"mutmut failed in {work}; see {work / 'mutmut.log'}")
    stats = json.loads((work / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    uncaught = [line.strip() for line in results.splitlines() if line.strip()]
    counted = stats["killed"] + stats["survived"] + stats["no_tests"] + stats["timeout"]
    score = Score(
        module=module,
        killed=stats["killed"],
        survived=stats["survived"],
        no_tests=stats["no_tests"],
        timeout=stats["timeout"],
        other=stats["total"] - counted,
    )
    return score, [line for line in uncaught if not line.endswith(": timeout")]


def _table(scores: list[Score]) -> str:
    """The per-module table, in Markdown."""
    lines = [
        "| module | mutants | killed | survived | no tests | timeout | other | score |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scores:
        percent = "—" if s.percent is None else f"{s.percent:.1f} %"
        lines.append(
            f"| {s.module} | {s.total} | {s.killed} | {s.survived} | {s.no_tests} "
            f"| {s.timeout} | {s.other} | {percent} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure the modules named (all by default) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("modules", nargs="*", metavar="MODULE", help="e.g. core/_agenda.py")
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once")
    args = parser.parse_args(argv)
    unknown = [module for module in args.modules if module not in MODULES]
    if unknown:
        parser.error(f"not a module of MODULES: {', '.join(unknown)}")
    chosen = args.modules or list(MODULES)
    started = time.monotonic()
    scores: list[Score] = []
    for module in chosen:
        began = time.monotonic()
        score, uncaught = _measure(module, MODULES[module], args.max_children)
        scores.append(score)
        percent = "no mutants" if score.percent is None else f"{score.percent:.1f} %"
        print(f"{module}: {percent} ({time.monotonic() - began:.0f} s)", flush=True)
        for line in uncaught:
            print(f"    {line}")
    minutes, seconds = divmod(round(time.monotonic() - started), 60)
    print(f"\n{_table(scores)}\n\n{len(scores)} modules in {minutes} min {seconds} s")
    below = [s.module for s in scores if s.core and s.percent is not None and s.percent < FLOOR]
    if below:
        print(f"under {FLOOR:.0f} %: {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
