"""The four quarters of a year against last year's, for every 汇总 row (the small chart
beside each row on screen): the ledger's own quarter figures, not a second way to count.

For each quarter of the year, ``compute_ledger`` gives a row's 本期 (this year's quarter)
and 上年同期 (last year's same quarter); a standing indicator's last-year quarter is its
本期 in last year's ledger of that quarter.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from core.ledger import Number, compute_ledger, indicator_figures
from core.periods import Period
from core.template import Template

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class QuarterSeries:
    """A row's four quarters: this year's and last year's; None where nothing was reported
    (an indicator)."""

    this_year: tuple[Number | None, ...]
    last_year: tuple[Number | None, ...]

    @property
    def largest(self) -> float:
        return max((abs(v) for v in (*self.this_year, *self.last_year) if v is not None),
                   default=0)  # fmt: skip


def quarter_figures(
    db: sqlite_utils.Database, template: Template, year: int
) -> dict[str, QuarterSeries]:
    """Each 汇总 row's quarters of ``year`` and ``year - 1``, by the row's key."""
    this_year: dict[str, list] = {}
    last_year: dict[str, list] = {}
    for quarter in QUARTERS:
        ledger = compute_ledger(db, template, Period("quarter", year, quarter), with_records=False)
        for figure in ledger.figures:
            this_year.setdefault(figure.row_key, [0] * 4)[quarter - 1] = figure.current
            last_year.setdefault(figure.row_key, [0] * 4)[quarter - 1] = figure.same_span_last_year
        earlier = Period("quarter", year - 1, quarter)
        for indicator in ledger.indicators:
            this_year.setdefault(indicator.row_key, [None] * 4)[quarter - 1] = indicator.current
        for indicator in indicator_figures(db, template, earlier, {}):
            last_year.setdefault(indicator.row_key, [None] * 4)[quarter - 1] = indicator.current
    return {
        key: QuarterSeries(tuple(values), tuple(last_year.get(key, (None,) * 4)))
        for key, values in this_year.items()
    }
