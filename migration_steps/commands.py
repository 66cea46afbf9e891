"""The playbook's verbs as plain functions: tests call them directly, the CLI only wraps them."""

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from migration_steps.characterization.catalogue import DEFAULT_WRITERS
from migration_steps.characterization.changes import DeclaredChange
from migration_steps.characterization.report import VerifyReport
from migration_steps.characterization.stages import stage_to_verify
from migration_steps.characterization.verify import verify_stage
from migration_steps.databases import (
    async_url,
    check_reachable,
    database_kind,
    default_url_from_env,
    redact,
)
from migration_steps.docs.site import DocsBuild, build_site, serve_site
from migration_steps.errors import BadInputError, ChecksFailed
from migration_steps.files import require_creatable_directory
from migration_steps.paths import stage_roots
from migration_steps.reliability.stress import run_stress, stress_plan
from migration_steps.stages.loader import resolve_stage, run_in_stage
from migration_steps.steps.catalogue import Catalogue, catalogue
from migration_steps.workshop.check import CheckOutcome, check_tree
from migration_steps.workshop.coach import HintOutcome, hint
from migration_steps.workshop.progress import LearnerRow, room_progress
from migration_steps.workshop.start import start_workshop
from migration_steps.workshop.suite import DEFAULT_TIMEOUT_SECONDS
from migration_steps.workspace import operations as workspace_operations
from migration_steps.workspace.init import init_workspace as create_workspace
from migration_steps.workspace.operations import ApplyReport, RevertReport, WorkspaceStatus
from migration_steps.workspace.workspace import open_workspace


@dataclass(frozen=True)
class StageListing:
    name: str
    root: Path
    present: bool


DEFAULT_OUT = Path("build")


def list_stages() -> list[StageListing]:
    """Every known stage, its root, and whether that root holds `app/main.py` yet."""
    return [
        StageListing(name=name, root=root, present=(root / "app" / "main.py").is_file())
        for name, root in stage_roots().items()
    ]


def resolve_database(db: str | None) -> str | None:
    """The database to run against: `db`, else PLAYBOOK_DATABASE_URL, else None (SQLite files).

    Raises BadInputError with a one-line reason when it cannot be reached.
    """
    url = db or default_url_from_env()
    if url is None:
        return None
    url = async_url(url)
    asyncio.run(check_reachable(url))
    return url


def race(stage: str, db: str | None = None) -> dict[str, Any]:
    """Run the three lost-update scenarios of `stage`, each against a fresh database.

    Returns the JSON-ready result: stage, db, scenarios (expected / stored / lost and a timeline
    each) and the SQL statements per message of a plain conversation.
    """
    stage_ref = resolve_stage(stage)
    url = resolve_database(db)
    return run_in_stage(
        stage_ref, "migration_steps.race.entry:run", {"db": url, "stage": stage_ref.name}
    )


def database_url_from_argument(db: str) -> str:
    """A database URL, or the path of an existing SQLite file."""
    if "://" not in db:
        path = Path(db).expanduser()
        if not path.is_file():
            raise BadInputError(f"'{db}' is neither a database URL nor an existing SQLite file")
        return f"sqlite+aiosqlite:///{path.resolve()}"
    return db


def migrate_db(db: str, stage: str = "target") -> dict[str, Any]:
    """Upgrade the database at `db` in place to `stage`'s schema (Alembic), in one transaction.

    A legacy database (tables, no Alembic history) is stamped with the legacy baseline and
    upgraded; a current one is left alone. Returns row counts per table and a checksum of
    (session, position, role, content) before and after; raises ChecksFailed if they differ.
    Raises BadInputError for a missing file, an unreachable server, or a database that is
    neither legacy's nor the target's (nothing is written then).
    """
    url = resolve_database(database_url_from_argument(db))
    assert url is not None
    stage_ref = resolve_stage(stage)
    if not (stage_ref.root / "app" / "db" / "schema.py").is_file():
        raise BadInputError(
            f"stage '{stage_ref.name}' has no Alembic migrations (app/db/schema.py)"
        )
    if database_kind(url) == "sqlite" and not Path(make_url(url).database or "").is_file():
        raise BadInputError(f"no SQLite database at {redact(url)}")
    report = run_in_stage(stage_ref, "migration_steps.database_migration.entry:run", {"db": url})
    if "refused" in report:
        raise BadInputError(f"will not upgrade {redact(url)}: {report['refused']}")
    report["database"] = redact(url)
    if not report["verified"]:
        raise ChecksFailed(f"the upgrade of {redact(url)} changed stored messages; see the report")
    return report


def verify(
    target: str,
    db: str | None = None,
    *,
    intended: Sequence[DeclaredChange] | None = None,
    approve: bool = False,
    writers: int = DEFAULT_WRITERS,
    progress: bool = False,
) -> VerifyReport:
    """Run the characterization catalogue against `target` and classify every check.

    `target` is a stage name (`legacy`, `step-1`, `step-2`, ... for each step of the main route,
    `target`, `alt-verify`) or a tree holding `app/`; a step stage is built from legacy in a
    temporary workspace first. It runs in its own process on one fresh database (`db`: a
    PostgreSQL server, else SQLite). Each check is `same` as the golden transcript, `intended`
    (explained by a declared change) or a `regression`. The declared changes are `intended` when
    given, else the stage's own: none for legacy and a plain tree, those of the steps applied
    for a workspace, of the steps that make a step stage, of the whole main route for target.
    `approve` re-records the golden transcripts from legacy on SQLite first; the report then
    carries the diff. `progress` names each scenario on stderr as it runs. Raises BadInputError
    for an unknown stage (listing the known ones), a tree without `app/` or an unreachable
    database; the caller decides what a regression means (`report.failed`).
    """
    url = resolve_database(db)
    with stage_to_verify(target, progress=progress) as (stage_ref, declared):
        return verify_stage(
            stage_ref,
            url,
            intended=declared if intended is None else intended,
            approve=approve,
            writers=writers,
            progress=progress,
        )


def stress(
    target: str,
    db: str | None = None,
    *,
    quick: bool = False,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Put `target` under load, a SIGKILL, injected faults and random use; count what it loses.

    `target` is a stage name or a tree, as for `verify`. Each part runs on a fresh database (`db`:
    a PostgreSQL server, else SQLite files): 2 processes (PostgreSQL) or 2 instances in one
    process (SQLite) × 50 concurrent writers × 20 messages; one writer process killed with
    SIGKILL mid-load, then restarted; every statement of a write refused by the database in
    turn, the backend killed at each (PostgreSQL), observability subscribers that raise; a
    Hypothesis model check of random histories. `quick`: a short load and the faults only.
    Returns the JSON-ready report; `report["summary"]["holds"]` is the promise "nothing
    acknowledged lost, nothing refused written, every error clear, serving after each fault".
    """
    url = resolve_database(db)
    with stage_to_verify(target) as (stage_ref, _declared):
        return run_stress(stage_ref, url, stress_plan(url, quick=quick), progress=progress)


def require_stress_holds(report: dict[str, Any]) -> None:
    """ChecksFailed (exit 1) when the stage lost, doubled or half-wrote something under stress."""
    summary = report["summary"]
    if not summary["holds"]:
        raise ChecksFailed(
            f"stage {report['stage']} broke under stress: {summary['lost']} lost, "
            f"{summary['duplicated']} duplicated, {summary['phantom']} written though refused, "
            f"{summary['unclear_errors']} unclear error(s), "
            f"{summary['integrity_problems']} integrity problem(s)"
            + ("" if summary["served_after_faults"] else ", stopped serving after a fault")
            + (", a random history broke the model" if summary["model_violation"] else "")
        )


def list_steps() -> Catalogue:
    """Every step, by route (`.route_names()`, `.route(name)`), as the step modules declare them."""
    return catalogue()


def init_workspace(directory: Path) -> WorkspaceStatus:
    """Copy the legacy tree (app/, tests/, pytest config) into a new git repository at `directory`.

    Raises BadInputError when `directory` exists and is not empty.
    """
    root = create_workspace(Path(directory), stage_roots()["legacy"])
    return workspace_status(root)


def workspace_status(directory: Path) -> WorkspaceStatus:
    """Which step the workspace is at, its route, the steps still pending, uncommitted edits."""
    return workspace_operations.workspace_status(open_workspace(Path(directory)), catalogue())


def require_route_complete(status: WorkspaceStatus) -> None:
    """`status --check`: ChecksFailed (exit 1) while steps of the workspace's route are pending."""
    if status.pending:
        raise ChecksFailed(
            f"{len(status.pending)} step(s) of route {status.route} pending: "
            f"{', '.join(status.pending)}"
        )


def apply_steps(
    directory: Path, *, to: str | None = None, route: str | None = None, dry_run: bool = False
) -> ApplyReport:
    """Apply the steps up to `to` (or the head of `route`, or of the current route), one commit
    each; `dry_run` plans them and returns the diff without changing anything.

    Refuses (BadInputError) a workspace with uncommitted edits, a step on another route than the
    applied ones, and a step that finds the tree not as it expects; nothing is written then.
    """
    return workspace_operations.apply_steps(
        open_workspace(Path(directory)), catalogue(), to=to, route=route, dry_run=dry_run
    )


def revert_steps(directory: Path, *, to: str | None = None) -> RevertReport:
    """Undo applied steps down to `to` ("0"/"base": all; None: the last one), one revert commit
    per step, so history keeps both. Refuses a workspace with uncommitted edits."""
    return workspace_operations.revert_steps(open_workspace(Path(directory)), catalogue(), to=to)


def run(
    db: str | None = None,
    out: Path = DEFAULT_OUT,
    *,
    writers: int = DEFAULT_WRITERS,
    docs: bool = True,
    stress: bool = True,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """The main job: every stage end to end, proven, into `out/results.json`.

    Verifies legacy; in a temporary workspace applies each step of the main route and verifies
    after each; verifies target; does the same for the alternative route; races every stage and,
    unless `stress` is False, runs a short `stress` on it (a stage that shows no loss among
    concurrent writers fails the run if it loses anything under that stress).
    A stage that fails is recorded with its error and the run goes on; results.json is
    rewritten after every stage, so an interrupted run keeps what it proved. Then, unless
    `docs` is False, builds the docs site from it (`build_docs`), regressions or not.
    """
    from migration_steps.run.pipeline import run_playbook

    require_creatable_directory(Path(out))
    results = run_playbook(db, out, writers=writers, stress=stress, progress=progress)
    if docs:
        progress("building the docs site")
        built = build_docs(out / "results.json")
        progress(f"site: {built.site_dir}")
    return results


DEFAULT_RESULTS = DEFAULT_OUT / "results.json"


def build_docs(
    results: Path = DEFAULT_RESULTS,
    *,
    docs_dir: Path | None = None,
    site_dir: Path | None = None,
) -> DocsBuild:
    """Render the docs pages from `results` into DOCS/generated/ and `mkdocs build --strict`.

    `docs_dir` defaults to the project's docs/ (another directory receives a copy of the
    hand-written pages), `site_dir` to the project's site/; bench.json next to `results` adds
    the benchmark page. BadInputError (exit 2) for a missing or invalid results file,
    ChecksFailed (exit 1) when mkdocs warns (a link that does not resolve, …).
    """
    return build_site(Path(results), docs_dir=docs_dir, site_dir=site_dir)


def serve_docs(
    results: Path | None = DEFAULT_RESULTS,
    *,
    dev_addr: str = "127.0.0.1:8000",
    docs_dir: Path | None = None,
) -> None:
    """Serve the docs site with live reload until interrupted, pages regenerated from `results`
    first when that file exists (else the pages already generated are served: BadInputError
    when there are none)."""
    source = Path(results) if results is not None and Path(results).is_file() else None
    serve_site(source, dev_addr=dev_addr, docs_dir=docs_dir)


def require_no_failed_stage(results: dict[str, Any]) -> None:
    """Raise ChecksFailed (exit 1) when a stage of a run regressed or could not be run."""
    failed = results["summary"]["failed_stages"]
    if failed:
        raise ChecksFailed(f"stages with regressions or errors: {', '.join(failed)}")


def bench(
    stages: Sequence[str] | None = None,
    db: str | None = None,
    *,
    quick: bool = False,
    out: Path = DEFAULT_OUT,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Measure what each stage costs the database, side by side, into `out/bench.json`.

    Each stage runs in its own process, all in one run: statements and rows per add_message and
    per chat turn, throughput and latency against a bare-driver bound, cost growth with the
    conversation's length, table churn; then legacy's debounced flush against the immediate
    writer at simulated arrival rates, with the lost updates `race` finds. `stages`: names
    (default: every main-route stage that exists); an unknown one raises BadInputError.
    `quick`: fewer repetitions (under a minute on SQLite).
    """
    from migration_steps.bench.runner import run_bench

    url = resolve_database(db)
    require_creatable_directory(Path(out))
    return run_bench(
        url,
        list(stages) if stages else None,
        quick=quick,
        out_dir=Path(out),
        race=race,
        progress=progress,
    )


def workshop_start(directory: Path, name: str | None = None) -> dict[str, str]:
    """Make DIR a learner's workspace: a copy of legacy with WORKSHOP.md (the exercises) in one
    baseline commit; `name` (default: the directory's name) is the learner's git identity and is
    recorded in `.git/`. Raises BadInputError when DIR exists and is not empty."""
    return start_workshop(directory, name)


def workshop_check(
    directory: Path, db: str | None = None, *, timeout: float = DEFAULT_TIMEOUT_SECONDS
) -> CheckOutcome:
    """Run the characterization catalogue on the learner's tree at DIR, in its own process, and
    decide by behaviour which step it has reached (see `migration_steps.workshop.criteria`).

    Never writes to the tree; a summary is kept in its `.git/` for hints and the report. A tree
    that does not import, or whose scenarios do not finish within `timeout` seconds, gives an
    outcome with `not_run` set instead of raising.
    """
    return check_tree(directory, resolve_database(db), timeout=timeout)


def require_workshop_progress(outcome: CheckOutcome, expect: int | None = None) -> None:
    """ChecksFailed (exit 1) when the tree did not run, showed unexplained differences, or has
    not reached step `expect`."""
    if outcome.not_run is not None:
        problem = outcome.not_run.problem
        where = f"{problem.path}:{problem.line}: " if problem and problem.path else ""
        detail = problem.error if problem else (outcome.not_run.reason or "")
        raise ChecksFailed(f"the learner's tree did not run: {where}{detail}")
    decision = outcome.decision
    assert decision is not None
    if decision.unexplained:
        raise ChecksFailed(
            f"{len(decision.unexplained)} unexplained difference(s) from legacy; step reached: 0"
        )
    if expect is not None and decision.reached < expect:
        raise ChecksFailed(f"step {decision.reached} reached, step {expect} expected")


def workshop_hint(
    directory: Path, db: str | None = None, *, step: str | None = None
) -> HintOutcome:
    """The next graded hint (nudge, where to look, the change) for the step the learner at DIR
    is on, remembered in `.git/playbook-hints.json`; checks the tree first when it changed since
    its last check. `step` asks for that step's hints instead."""
    return hint(directory, resolve_database(db) if step is None else None, step=step)


def workshop_report(directories: Sequence[Path]) -> list[LearnerRow]:
    """One row per learner's directory (name, step reached, failing checks, hints used, last
    check), read from what their checks stored; nothing is run."""
    return room_progress(list(directories))
