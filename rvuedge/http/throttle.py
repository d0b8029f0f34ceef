"""A sliding-window counter per client address, kept in the process (e.g. for registrations).

Each worker process counts on its own: with N workers a client gets at most N times the limit,
which still stops scripted sign-up floods. Sign-in failures are counted in the database instead.
"""

import threading
from collections import deque
from datetime import datetime, timedelta

from rvuedge.failures import TooManyRequests


class Throttle:
    def __init__(self, *, limit: int, window: timedelta, what: str) -> None:
        self.limit, self.window, self.what = limit, window, what
        self._hits: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def hit(self, client: str, now: datetime) -> None:
        """Count one attempt, or raise TooManyRequests (with Retry-After) when over the limit."""
        with self._lock:
            for key in [k for k, v in self._hits.items() if v and v[-1] <= now - self.window]:
                del self._hits[key]  # forget quiet clients so the table stays small
            hits = self._hits.setdefault(client, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                wait = max(1, int((hits[0] + self.window - now).total_seconds()) + 1)
                raise TooManyRequests(
                    f"Too many {self.what} from your address; try again in {wait} seconds.",
                    headers={"Retry-After": str(wait)},
                )
            hits.append(now)
