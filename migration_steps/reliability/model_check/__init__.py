"""Model-based testing: random use of a stage, checked against what it acknowledged.

Hypothesis drives a stage's `Application` through random sequences of sessions, turns,
operator messages, switches, closes, restarts and waiting; after every step the database must
hold exactly what the calls acknowledged. A stage that loses or reverts acknowledged data
yields a short failing sequence that shows how.
"""

from migration_steps.reliability.model_check.check import check_model

__all__ = ["check_model"]
