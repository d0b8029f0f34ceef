"""Prometheus metrics (prometheus-client): requests by route and status, their durations,
unhandled errors, database outages, and the process. Served at GET /metrics to the operator.

Each application has its own registry. With several worker processes (`rvuedge serve
--workers N` sets PROMETHEUS_MULTIPROC_DIR) every worker writes its figures to that folder and a
scrape of any worker adds them all up.
"""

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from rvuedge import __version__

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "rvuedge_http_requests",
            "HTTP requests answered, by method, route template and status code.",
            ["method", "route", "status"],
            registry=r,
        )
        self.duration = Histogram(
            "rvuedge_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            buckets=DURATION_BUCKETS,
            registry=r,
        )
        self.errors = Counter(
            "rvuedge_unhandled_errors", "Requests that ended in an unexpected error (500).",
            registry=r,
        )  # fmt: skip
        self.outages = Counter(
            "rvuedge_database_unavailable",
            "Requests answered 503 because the database did not answer.",
            registry=r,
        )
        info = Gauge("rvuedge_build_info", "The running version.", ["version"], registry=r)
        info.labels(version=__version__).set(1)

    def observe(self, *, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method=method, route=route, status=str(status)).inc()
        self.duration.labels(method=method, route=route).observe(seconds)

    def exposition(self) -> bytes:
        if os.environ.get(MULTIPROCESS_ENV):
            combined = CollectorRegistry()
            MultiProcessCollector(combined)
            return generate_latest(combined)
        return generate_latest(self.registry)
