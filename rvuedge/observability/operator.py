"""The operator's token (RVUEDGE_OPERATOR_TOKEN): what it opens (health details, /metrics)."""

import secrets

from fastapi import APIRouter, Request, Response

from rvuedge.config import get_settings
from rvuedge.failures import NotFound, Unauthorized


def is_operator(token: str | None) -> bool:
    expected = get_settings().OPERATOR_TOKEN
    return bool(
        token
        and expected is not None
        and secrets.compare_digest(token.encode(), expected.get_secret_value().encode())
    )


def presented_token(request: Request) -> str | None:
    """The token as Prometheus sends it (Authorization: Bearer) or as /health takes it
    (Operator-Token)."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials:
        return credentials.strip()
    return request.headers.get("operator-token")


router = APIRouter(include_in_schema=False)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    """Prometheus metrics, for the operator token only (Authorization: Bearer TOKEN)."""
    if get_settings().OPERATOR_TOKEN is None:
        raise NotFound("Metrics are served only when RVUEDGE_OPERATOR_TOKEN is set.")
    if not is_operator(presented_token(request)):
        raise Unauthorized("Metrics need the operator token: Authorization: Bearer TOKEN.")
    collected = request.app.state.metrics
    return Response(
        collected.exposition(),
        media_type=collected.content_type,
        headers={"Cache-Control": "no-store"},
    )
