"""The predicates the workshop's steps are made of, each over the evidence of one check.

Each returns the findings that show it failing (the scenario and check, what was expected, what
the learner's tree did, and why that matters); none means it holds. They read the checks of the
characterization catalogue by name: a test keeps those names in step with the golden transcripts.
"""

from __future__ import annotations

from typing import Any

from migration_steps.characterization.compare import ABSENT
from migration_steps.workshop.evidence import MISSING, Evidence, Finding
from migration_steps.workshop.scan import MANAGER_PACKAGE

LOSS_SCENARIOS = ("seed-timeline", "agent-revert", "two-instances")
# Scenarios without a close (a close saves the session once more) and not racy.
ONE_SAVE_PER_MESSAGE = (
    *LOSS_SCENARIOS,
    "conversation",
    "router-switch",
    "explicit-switch",
    "restart",
)
# Scenarios whose last call reads the history of S1, after every write.
ENDS_READING_HISTORY = (
    "conversation",
    "router-switch",
    "explicit-switch",
    "close-session",
    "bad-inputs",
)
LOSS_CHECKS = {
    "loss: messages lost": "the services acknowledged these messages, then a later save "
    "rewrote the session from a copy that never held them",
    "loss: messages duplicated": "these messages are stored more often than they were written",
    "loss: switches lost": "an acknowledged agent switch was reverted by a save from a stale copy",
}
DUPLICATED = "loss: messages duplicated"
DUPLICATED_ADVICE = (
    "Messages are stored more than once: some save inserts rows that are already stored. "
    "Follow every path that writes a session's messages (adding one, closing the session) "
    "down to SessionRepositoryImpl."
)
CONCURRENT = "concurrent-writers"
OPERATOR_SWITCH = "api: switch_agent(S1, 'billing', 'vip customer')"


def _expect_equal(
    evidence: Evidence,
    scenario: str,
    check: str,
    expected: Any,
    why: str,
    advice: str | None = None,
) -> list[Finding]:
    observed = evidence.observed(scenario, check)
    if observed is MISSING:
        return [evidence.not_observed(scenario, check, expected)]
    if observed == expected:
        return []
    return [Finding(f"{scenario} · {check}", expected, observed, why, scenario, check, advice)]


def nothing_lost(evidence: Evidence) -> list[Finding]:
    """The three loss scenarios must show their loss checks; every other one that has them too."""
    findings = []
    named_first = sorted(
        evidence.report.scenarios, key=lambda scenario: scenario.name not in LOSS_SCENARIOS
    )
    for scenario in named_first:
        recorded = {check.name for check in scenario.checks if check.observed != ABSENT}
        for check, why in LOSS_CHECKS.items():
            if scenario.name in LOSS_SCENARIOS or check in recorded:
                advice = DUPLICATED_ADVICE if check == DUPLICATED else None
                findings += _expect_equal(evidence, scenario.name, check, [], why, advice)
    return findings


def one_save_per_message(evidence: Evidence) -> list[Finding]:
    findings = []
    for scenario in ONE_SAVE_PER_MESSAGE:
        acknowledged = evidence.info(scenario).get("acknowledged")
        if acknowledged is None:
            findings.append(evidence.not_observed(scenario, "statements: INSERT messages", "?"))
            continue
        expected = f"{acknowledged} (one per acknowledged message)"
        inserts = evidence.observed(scenario, "statements: INSERT messages")
        deletes = evidence.observed(scenario, "statements: DELETE messages")
        if inserts is MISSING:
            inserts = 0
        if deletes is MISSING:
            deletes = 0
        if inserts != acknowledged:
            findings.append(
                Finding(
                    f"{scenario} · statements: INSERT messages",
                    expected,
                    inserts,
                    "the session's messages were saved more often than messages were written: "
                    "a second writer saves them again"
                    if inserts > acknowledged
                    else "fewer saves than acknowledged messages",
                    scenario,
                    "statements: INSERT messages",
                )
            )
        if deletes > acknowledged:
            findings.append(
                Finding(
                    f"{scenario} · statements: DELETE messages",
                    f"at most {acknowledged}",
                    deletes,
                    "the session was rewritten more often than messages were written",
                    scenario,
                    "statements: DELETE messages",
                )
            )
    return findings


def history_from_database(evidence: Evidence) -> list[Finding]:
    findings = []
    for scenario in ENDS_READING_HISTORY:
        stored = evidence.observed(scenario, "rows: S1 messages")
        if stored is MISSING:
            findings.append(evidence.not_observed(scenario, "rows: S1 messages", "the rows"))
            continue
        findings += _expect_equal(
            evidence,
            scenario,
            "api: get_history(S1)",
            stored,
            "stale read: get_history served a copy in memory (expected: what the database "
            "holds); writes made past that copy, such as hand-off notes, are missing from it",
        )
    findings += _expect_equal(
        evidence,
        "restart",
        "api: history same after restart",
        True,
        "stale read: instance A served its memory, instance B (just started) read the database, "
        "and they disagree",
    )
    return findings


def agent_from_database(evidence: Evidence) -> list[Finding]:
    findings = []
    switched = evidence.observed("explicit-switch", OPERATOR_SWITCH)
    if isinstance(switched, dict) and "current_agent" in switched:
        findings += _expect_equal(
            evidence,
            "explicit-switch",
            "api: get_current_agent(S1)",
            switched["current_agent"],
            "stale read: an operator just switched the agent through the service, yet "
            "get_current_agent answered from a copy in memory",
        )
    else:
        findings.append(evidence.not_observed("explicit-switch", OPERATOR_SWITCH, "a switch"))
    stored = evidence.observed("explicit-switch", "rows: S1 agent")
    if stored is not MISSING:
        findings += _expect_equal(
            evidence,
            "explicit-switch",
            "api: get_current_agent(S1) #2",
            stored,
            "the current agent served differs from the one stored",
        )
    findings += _expect_equal(
        evidence,
        "restart",
        "api: agent same after restart",
        True,
        "a restarted instance reads another current agent than the running one serves",
    )
    return findings


def manager_unused(evidence: Evidence) -> list[Finding]:
    return [
        Finding(
            f"{use.path}:{use.line}",
            "no use of the session manager",
            use.what,
            "the module still depends on AsyncSessionManager",
        )
        for use in evidence.scan.app_uses
    ]


def manager_deleted(evidence: Evidence) -> list[Finding]:
    if not evidence.scan.manager_package_present:
        return []
    return [
        Finding(
            f"{MANAGER_PACKAGE}/",
            "deleted",
            "still there",
            "the session manager's package is still part of the application",
        )
    ]


def concurrent_writers_lose_nothing(evidence: Evidence) -> list[Finding]:
    info = evidence.info(CONCURRENT)
    writers = info.get("writers", "?")
    lost = info.get("lost", "?")
    findings = _expect_equal(
        evidence,
        CONCURRENT,
        "loss: messages lost (any)",
        False,
        f"{lost} of {writers} concurrent add_message calls were acknowledged and then lost: "
        "each read the session, appended in memory and rewrote it over the others' writes",
    )
    findings += _expect_equal(
        evidence,
        CONCURRENT,
        "loss: messages duplicated (any)",
        False,
        "concurrent writes stored some messages twice",
    )
    findings += _expect_equal(
        evidence,
        CONCURRENT,
        "api: concurrent add_message outcomes",
        ["ok"],
        "some concurrent add_message calls failed instead of being stored",
    )
    findings += _expect_equal(
        evidence,
        CONCURRENT,
        "rows: S1 seed messages kept",
        True,
        "the messages stored before the concurrent writes did not survive them",
    )
    return findings


def constant_cost(evidence: Evidence) -> list[Finding]:
    findings = []
    info = evidence.info(CONCURRENT)
    writers, rows = info.get("writers"), info.get("rows written")
    if not writers or not isinstance(rows, dict):
        return [evidence.not_observed(CONCURRENT, "rows written", "rows per add_message")]
    inserted = rows.get("INSERT messages", 0) / writers
    deleted = rows.get("DELETE messages", 0) / writers
    if inserted > 1 or deleted > 0:
        findings.append(
            Finding(
                f"{CONCURRENT} · rows written per add_message",
                "1 message row inserted, 0 deleted",
                f"{inserted:g} inserted, {deleted:g} deleted",
                "each add_message rewrites the conversation (DELETE all + INSERT all): its cost "
                "grows with the conversation's length",
                CONCURRENT,
                "rows written",
            )
        )
    for scenario in ONE_SAVE_PER_MESSAGE:
        scenario_info = evidence.info(scenario)
        acknowledged = scenario_info.get("acknowledged")
        written = (scenario_info.get("rows written") or {}).get("INSERT messages", 0)
        if acknowledged is not None and written > acknowledged:
            findings.append(
                Finding(
                    f"{scenario} · message rows inserted",
                    f"{acknowledged} (one row per acknowledged message)",
                    written,
                    "stored messages were inserted again: messages are not append-only yet",
                    scenario,
                    "rows written",
                )
            )
    return findings
