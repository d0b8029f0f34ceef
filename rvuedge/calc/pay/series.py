"""The log as a series of daily wRVU, with an optional pace after the last actual day. Pure."""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

ZERO = Decimal(0)


class WrvuSeries:
    """Credited wRVU by date, plus an optional pace per day after the last actual date."""

    def __init__(
        self,
        daily: Mapping[date, Decimal] | Iterable[tuple[date, Decimal]],
        *,
        actual_through: date | None = None,
        pace_per_day: Decimal = ZERO,
    ):
        totals: dict[date, Decimal] = {}
        for day, value in daily.items() if isinstance(daily, Mapping) else daily:
            totals[day] = totals.get(day, ZERO) + value
        self._dates = sorted(totals)
        running, self._cumulative = ZERO, []
        for day in self._dates:
            running += totals[day]
            self._cumulative.append(running)
        self.actual_through = actual_through
        self.pace_per_day = pace_per_day

    def actual(self, start: date, end: date) -> Decimal:
        """Logged wRVU on dates start..end inclusive."""
        if end < start:
            return ZERO
        hi = bisect_right(self._dates, end)
        lo = bisect_left(self._dates, start)
        if hi <= lo:
            return ZERO
        return self._cumulative[hi - 1] - (self._cumulative[lo - 1] if lo else ZERO)

    def between(self, start: date, end: date) -> Decimal:
        """Logged wRVU up to actual_through, then the pace for each later day."""
        if self.actual_through is None or end <= self.actual_through:
            return self.actual(start, end)
        logged = self.actual(start, self.actual_through)
        first_paced = max(start, self.actual_through + timedelta(days=1))
        return logged + self.pace_per_day * ((end - first_paced).days + 1)

    def with_extra(self, day: date, extra: Decimal) -> "WrvuSeries":
        pairs = [(d, self.actual(d, d)) for d in self._dates] + [(day, extra)]
        return WrvuSeries(pairs, actual_through=self.actual_through, pace_per_day=self.pace_per_day)

    def daily(self, start: date, end: date) -> list[tuple[date, Decimal]]:
        """The actual (date, wRVU) pairs dated start..end."""
        return [(d, self.actual(d, d)) for d in self._dates if start <= d <= end]
