"""What the characterization harness sees change once the persistence subscriber stops rewriting
sessions from manager memory: step 1 (it goes) and step 1b (it only compares) both declare these.

Values are the harness's checks against legacy's golden transcripts (see
`migration_steps.characterization.changes` for the matching rule). Reads still come from memory
at both stages, and the restart scenario shows the stale read this leaves.
"""

from __future__ import annotations

from typing import Any

from migration_steps.characterization.changes import IntendedChange

NOTE_CHARGED = "system: billing agent took over from triage: user mentioned 'charged'"
NOTE_CRASHED = "system: tech agent took over from billing: user mentioned 'crashed'"
NOTE_INVOICE = "system: billing agent took over from triage: user mentioned 'invoice'"

ROUTER_SWITCH_STORED = [
    "user: Hello",
    "assistant: Hi",
    "user: I was charged twice",
    "assistant: I see the payment; let me check it.",
    "user: The app crashed after the update",
    "assistant: Please update to the latest version and retry.",
]
EXPLICIT_SWITCH_STORED = [
    "user: Hello",
    "assistant: Hi",
    "user: My login fails",
    "assistant: Reset your password from the sign-in page.",
]
RESTART_READ = [
    "user: Hello",
    "assistant: Hi",
    "user: My invoice is wrong",
    "assistant: Your invoices are under Account > Billing.",
]
RESTART_STORED = [
    *RESTART_READ,
    "user: thanks",
    "assistant: Billing here: how can I help with your account?",
]
REVERT_STORED = ["user: I was charged twice", "assistant: I see the payment; let me check it."]
TIMELINE_STORED = ["user: Hello", "assistant: Hi", "user: How are you?"]
TWO_INSTANCES_STORED = ["user: Hello", "assistant: Hi", "user: Are you still there?"]
LOGIN_REPLY = "Reset your password from the sign-in page."


def with_note(messages: list[str], after: str, note: str) -> list[str]:
    """`messages` with `note` (a hand-off note, or any message) right after the message `after`."""
    index = messages.index(after) + 1
    return [*messages[:index], note, *messages[index:]]


def login_note(handing_over: str) -> str:
    return f"system: tech agent took over from {handing_over}: user mentioned 'login'"


def explicit_switch_events(handing_over: str) -> list[dict[str, str]]:
    """What explicit-switch's audit trail records when the router hands over from `handing_over`."""
    session = {"session_id": "S1"}
    return [
        {"event": "SessionCreated", **session},
        {"event": "MessageReceived", "role": "user", "content": "Hello", **session},
        {"event": "MessageReceived", "role": "assistant", "content": "Hi", **session},
        {
            "event": "AgentSwitched",
            "from_agent": "triage",
            "to_agent": "billing",
            "reason": "vip customer",
            **session,
        },
        {"event": "MessageReceived", "role": "user", "content": "My login fails", **session},
        {
            "event": "AgentSwitched",
            "from_agent": handing_over,
            "to_agent": "tech",
            "reason": "user mentioned 'login'",
            **session,
        },
        {
            "event": "MessageReceived",
            "role": "system",
            "content": login_note(handing_over).removeprefix("system: "),
            **session,
        },
        {"event": "MessageReceived", "role": "assistant", "content": LOGIN_REPLY, **session},
    ]


def login_turn(handing_over: str) -> dict[str, Any]:
    return {"agent": "tech", "reply": LOGIN_REPLY, "switched_from": handing_over}


KEPT = "the flush no longer rewrites the session from memory, which never held"

STOPS_OVERWRITING: tuple[IntendedChange, ...] = (
    IntendedChange(
        "*",
        "loss: messages lost",
        ">0",
        "0",
        "nothing rewrites a session from memory any more, so no acknowledged message is erased",
    ),
    IntendedChange(
        "*",
        "loss: switches lost",
        ">0",
        "0",
        "nothing rewrites an agent context from stale memory any more, so no switch is reverted",
    ),
    IntendedChange(
        "router-switch",
        "rows: S1 messages",
        ROUTER_SWITCH_STORED,
        with_note(
            with_note(ROUTER_SWITCH_STORED, "user: I was charged twice", NOTE_CHARGED),
            "user: The app crashed after the update",
            NOTE_CRASHED,
        ),
        f"both hand-off notes stay stored: {KEPT} them",
    ),
    IntendedChange(
        "explicit-switch",
        "rows: S1 messages",
        EXPLICIT_SWITCH_STORED,
        with_note(EXPLICIT_SWITCH_STORED, "user: My login fails", login_note("billing")),
        f"the hand-off note stays stored: {KEPT} it",
    ),
    IntendedChange(
        "restart",
        "rows: S1 messages",
        RESTART_STORED,
        with_note(RESTART_STORED, "user: My invoice is wrong", NOTE_INVOICE),
        f"the hand-off note stays stored: {KEPT} it",
    ),
    IntendedChange(
        "seed-timeline",
        "rows: S1 messages",
        TIMELINE_STORED,
        [*TIMELINE_STORED, "assistant: Good"],
        f"the operator's reply stays stored: {KEPT} it",
    ),
    IntendedChange(
        "agent-revert",
        "rows: S1 messages",
        REVERT_STORED,
        with_note(REVERT_STORED, "user: I was charged twice", NOTE_CHARGED),
        f"the hand-off note stays stored: {KEPT} it",
    ),
    IntendedChange(
        "two-instances",
        "rows: S1 messages",
        TWO_INSTANCES_STORED,
        with_note(
            with_note(TWO_INSTANCES_STORED, "assistant: Hi", "user: Hello from my phone"),
            "user: Hello from my phone",
            "assistant: Hi",
        ),
        "instance A's flush no longer erases the turn instance B stored",
    ),
    IntendedChange(
        "explicit-switch",
        "rows: S1 switches",
        ["triage → tech"],
        ["triage → billing", "billing → tech"],
        "the operator's switch to billing stays stored, so the router hands over from billing",
    ),
    IntendedChange(
        "agent-revert",
        "rows: S1 switches",
        ["triage → billing"],
        ["triage → billing", "billing → tech"],
        "the supervisor's switch stays stored; stale memory no longer reverts it",
    ),
    IntendedChange(
        "agent-revert",
        "rows: S1 agent",
        "billing",
        "tech",
        "the supervisor's switch stays stored; stale memory no longer reverts it",
    ),
    IntendedChange(
        "close-session",
        "rows: S1 switches",
        [],
        ["triage → tech"],
        "the switch on the closed session (legacy's API accepts it) is no longer reverted",
    ),
    IntendedChange(
        "close-session",
        "rows: S1 agent",
        "triage",
        "tech",
        "the switch on the closed session (legacy's API accepts it) is no longer reverted",
    ),
    IntendedChange(
        "*",
        "rows: S? agent",
        "triage",
        None,
        "no agent_contexts row before a first switch: only the flush wrote one, from memory; "
        "the services read a missing row as triage",
    ),
    IntendedChange(
        "explicit-switch",
        "api: post_user_turn(S1, 'My login fails')",
        login_turn("triage"),
        login_turn("billing"),
        "the router starts from the stored agent, which now keeps the operator's switch",
    ),
    IntendedChange(
        "explicit-switch",
        "events: A",
        explicit_switch_events("triage"),
        explicit_switch_events("billing"),
        "the router's switch and its hand-off note start from billing, the agent now stored",
    ),
    IntendedChange(
        "restart",
        "api: B · get_history(S1)",
        RESTART_READ,
        with_note(RESTART_READ, "user: My invoice is wrong", NOTE_INVOICE),
        "instance B loads the session from the database, which keeps the hand-off note",
    ),
    IntendedChange(
        "restart",
        "api: history same after restart",
        True,
        False,
        "stale read, shown on purpose: instance A serves its memory, which never held the "
        "hand-off note the service stored; B reads the database (step 2 fixes this)",
    ),
    IntendedChange(
        "*",
        "statements: INSERT messages",
        ">0",
        "=acknowledged",
        "one save per acknowledged message, by the service that stored it; the flush's "
        "second save is gone",
    ),
    IntendedChange(
        "*",
        "statements: DELETE messages",
        ">0",
        "=acknowledged",
        "one save per acknowledged message, by the service that stored it; the flush's "
        "second save is gone",
    ),
    IntendedChange(
        "*",
        "statements: UPDATE sessions",
        ">0",
        "=acknowledged",
        "one save per acknowledged message, by the service that stored it; the flush's "
        "second save is gone",
    ),
    *(
        IntendedChange(
            "close-session",
            check,
            5,
            4,
            "2 messages and 2 closes, one save each (a close saves the whole session); the "
            "flush's save is gone",
        )
        for check in (
            "statements: INSERT messages",
            "statements: DELETE messages",
            "statements: UPDATE sessions",
        )
    ),
    *(
        IntendedChange(
            "bad-inputs",
            check,
            5,
            3,
            "2 messages and 1 close, one save each; the flush's 2 saves are gone",
        )
        for check in ("statements: DELETE messages", "statements: UPDATE sessions")
    ),
    *(
        IntendedChange(
            "*",
            check,
            ">0",
            "<before",
            "only an agent switch writes the agent context now; every flush rewrote it",
        )
        for check in ("statements: DELETE agent_contexts", "statements: INSERT agent_contexts")
    ),
    *(
        IntendedChange(
            "*",
            check,
            ">0",
            "<before",
            "the sum of the counts by table: the flush's writes are gone",
        )
        for check in ("statements: DELETE", "statements: INSERT", "statements: UPDATE")
    ),
)
