"""One chunk of bulk people: the same rows whichever process generates it.

``generate_chunk`` is what a helper process (``worker``) runs, and what the build runs
itself when it has no helpers; ``BulkPlan`` is everything either needs to know.
"""

from __future__ import annotations

from bisect import bisect
from dataclasses import dataclass
from datetime import date
from random import Random

from caretui.sandbox.people import NhsNumbers, PeopleMaker
from caretui.sandbox.rows import RowBuffer, Rows
from caretui.sandbox.staff import TeamStaff

# NHS number steps each chunk (of bulk.CHUNK_PEOPLE people) may use.
_NHS_STEPS_PER_CHUNK = 2400  # ~1 in 11 candidate numbers is skipped (check digit 10)
_NHS_FIRST_BULK_STEP = 10_000  # the demo people use the steps before this


_GOLDEN = 0.6180339887498949


@dataclass(frozen=True)
class BulkPlan:
    """Everything a helper process needs to generate any chunk of bulk people.

    ``capacity`` is each practitioner's share of new work (part-timers and seniors
    differ), as running totals over the practitioners of ``teams`` in order.
    """

    today: date
    teams: tuple[TeamStaff, ...]
    seed: int
    capacity: tuple[float, ...]


def generate_chunk(
    plan: BulkPlan, index: int, start: int, count: int
) -> tuple[Rows, dict[str, int]]:
    """People ``start`` to ``start + count``, numbered from 1 in every table.

    The same arguments always give the same rows, whichever process runs them.
    Cases are shared out along a golden-ratio sequence weighted by capacity, so
    caseloads come out even (about 20 to 35) rather than as lumpy as chance.
    """
    buffer = RowBuffer()
    rng = Random(plan.seed * 1_000_003 + index)
    nhs = NhsNumbers(_NHS_FIRST_BULK_STEP + index * _NHS_STEPS_PER_CHUNK)
    maker = PeopleMaker(buffer, rng, plan.today, nhs)
    teams = plan.teams
    practitioners = [(team, w) for team in teams for w in team.practitioners]
    total = plan.capacity[-1]
    for number in range(start, start + count):
        if rng.random() < 0.05:
            team = maker.pick(teams)
            maker.populate(team, None, colleagues=team.practitioners)
            continue
        share = ((number + 1) * _GOLDEN) % 1.0 * total
        team, worker = practitioners[min(bisect(plan.capacity, share), len(practitioners) - 1)]
        maker.populate(team, worker, colleagues=team.practitioners)
    return buffer.take()
