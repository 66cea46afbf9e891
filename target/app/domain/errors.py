"""Errors the application raises for bad input. Nothing is written when one is raised."""


class DomainError(Exception):
    """Base of every error caused by the caller's input."""


class SessionNotFoundError(DomainError):
    def __init__(self, session_id: object) -> None:
        super().__init__(f"no session with id {session_id!r}")
        self.session_id = session_id


class SessionClosedError(DomainError):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"session {session_id!r} is closed")
        self.session_id = session_id


class InvalidContentError(DomainError):
    """Message content that is not text, is blank, or is too long."""


class UnknownRoleError(DomainError):
    def __init__(self, role: object, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown role {role!r}; expected one of: {', '.join(known)}")
        self.role = role


class UnknownAgentError(DomainError):
    def __init__(self, agent: object, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown agent {agent!r}; expected one of: {', '.join(known)}")
        self.agent = agent


class ConcurrentUpdateError(DomainError):
    """Another request changed the same record at the same time; trying again is safe."""

    def __init__(self, session_id: str) -> None:
        super().__init__(
            f"the agent of session {session_id!r} was changed by another request at the same "
            "time; nothing was saved, try again"
        )
        self.session_id = session_id
