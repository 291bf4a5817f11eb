"""One client's record while it is built: who they are, who treats them, and how their time in care went."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from ...models import Client, Plan, Step, User
from .. import plans as plans_demo

if TYPE_CHECKING:
    from .builder import Builder


@dataclass
class Record:
    b: Builder
    client: Client
    lead: User  # the clinician who leads the care team
    author: User  # who writes the client's own records: the client, or the lead before they sign up
    created: datetime
    until: datetime  # the last day with activity (earlier for a client who went quiet)
    measured: bool  # the client the load test measures: three ladders of six rungs, 120 practices
    rng: random.Random = field(init=False)
    days: int = field(init=False)
    demo: str = field(init=False)  # whose demo words this record borrows
    plan: Plan | None = None
    steps: list[Step] = field(default_factory=list)  # the current plan's, in ladder order
    rest_weeks: set[date] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rng = self.b.rng
        self.days = max((self.until - self.created).days, 0)
        self.demo = self.rng.choice(list(plans_demo.PLANS))
