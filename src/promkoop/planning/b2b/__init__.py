"""B2B meeting schedules (CP-SAT): instance `promkoop.b2b/1` in, schedule `promkoop.b2b-schedule/1` out.

`parse_instance` checks an instance (refusals are `InstanceError`s naming the item), `schedule` solves
it (optionally around meetings locked by hand), `violations` and `idle_gaps` check a schedule edited
by hand against the same rules.
"""
from .rules import idle_gaps, violations
from .schema import (SCHEDULE_SCHEMA, SCHEMA, Instance, InstanceError, Meeting, Participant, Request,
                     Schedule, parse_instance)
from .solve import DEFAULT_TIME_LIMIT, schedule

__all__ = ["DEFAULT_TIME_LIMIT", "SCHEDULE_SCHEMA", "SCHEMA", "Instance", "InstanceError", "Meeting",
           "Participant", "Request", "Schedule", "idle_gaps", "parse_instance", "schedule", "violations"]
