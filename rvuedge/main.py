"""The FastAPI application."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, FastAPI, Header, Response
from fastapi.routing import APIRoute
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select

from rvuedge import __version__
from rvuedge.api.benchmarks import router as benchmarks_router
from rvuedge.api.cases import router as cases_router
from rvuedge.api.catalog import router as catalog_router
from rvuedge.api.crediting import presets_router as credit_presets_router
from rvuedge.api.crediting import settings_router as credit_settings_router
from rvuedge.api.exports import router as exports_router
from rvuedge.api.groups import router as groups_router
from rvuedge.api.impact import router as impact_router
from rvuedge.api.imports import router as imports_router
from rvuedge.api.payplans import plans_router as pay_plans_router
from rvuedge.api.payplans import reports_router as compensation_router
from rvuedge.api.reconciliation import router as reconciliations_router
from rvuedge.api.reports import router as reports_router
from rvuedge.api.residency import router as case_log_router
from rvuedge.api.shortcuts import router as shortcuts_router
from rvuedge.api.sites import router as sites_router
from rvuedge.api.sync import router as sync_router
from rvuedge.api.users import auth_router, me_router
from rvuedge.catalog import schemas as catalog_schemas
from rvuedge.catalog.models import FeeScheduleRelease
from rvuedge.config import get_settings
from rvuedge.deps import SessionDep, engine_of
from rvuedge.errors import install_error_handlers, logger, unexpected_error
from rvuedge.http.body_limit import BodyLimitMiddleware
from rvuedge.http.control_chars import ControlCharactersMiddleware
from rvuedge.http.headers import SecurityHeadersMiddleware
from rvuedge.http.hosts import AllowedHostsMiddleware
from rvuedge.http.memory import (
    freeze_startup_objects,
    limit_malloc_arenas,
    trim_heap_periodically,
)
from rvuedge.http.throttle import Throttle
from rvuedge.observability.metrics import Metrics
from rvuedge.observability.middleware import RequestMiddleware
from rvuedge.observability.operator import is_operator
from rvuedge.observability.operator import router as operator_router
from rvuedge.openapi import install_openapi
from rvuedge.security import previous_secret_key, secret_key
from rvuedge.storage.checkpoints import checkpoint_periodically
from rvuedge.storage.startup import RefuseUnfitDatabase
from rvuedge.users.keys import key_problem
from rvuedge.web.router import install_web_app

API_PREFIX = "/api/v1"


def _operation_id(route: APIRoute) -> str:
    return route.name


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Once the server process has started, before any request or worker thread.
    limit_malloc_arenas()
    freeze_startup_objects()  # after the imports and the app are built
    trimming = asyncio.create_task(trim_heap_periodically())
    checkpointing = asyncio.create_task(checkpoint_periodically(engine_of(app)))
    try:
        yield
    finally:
        trimming.cancel()
        checkpointing.cancel()
        # Wait for both to stop: a checkpoint still running on a worker thread must not outlive
        # the loop that owns its connection.
        await asyncio.gather(trimming, checkpointing, return_exceptions=True)


def create_app() -> FastAPI:
    secret_key()  # refuse to start in production without a strong signing secret
    previous_secret_key()  # nor with a weak previous one
    settings = get_settings()
    app = FastAPI(
        title="rvuedge",
        version=__version__,
        summary="wRVU tracking: CMS fee-schedule catalog, explained credit, totals, benchmarks.",
        docs_url=None,  # served by the web package from local assets
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
        # operationId = the route function's name (unique across the API, tested): generated
        # clients get create_case, not create_case_api_v1_cases_post.
        generate_unique_id_function=_operation_id,
        lifespan=_lifespan,
    )
    install_error_handlers(app)
    # Checks the database at start-up, and that its servers share one signing key.
    app.add_middleware(RefuseUnfitDatabase, fastapi_app=app, checks=[key_problem])
    install_openapi(app)
    api = APIRouter(prefix=API_PREFIX)
    api.include_router(catalog_router)
    api.include_router(auth_router)
    api.include_router(me_router)
    api.include_router(sync_router)  # before /cases/{case_id}
    api.include_router(cases_router)
    api.include_router(shortcuts_router)
    api.include_router(sites_router)
    api.include_router(benchmarks_router)
    api.include_router(reports_router)
    api.include_router(impact_router)
    api.include_router(pay_plans_router)
    api.include_router(compensation_router)
    api.include_router(exports_router)
    api.include_router(credit_settings_router)
    api.include_router(credit_presets_router)
    api.include_router(imports_router)
    api.include_router(reconciliations_router)
    api.include_router(case_log_router)
    api.include_router(groups_router)

    @api.get(
        "/health",
        response_model=catalog_schemas.Health,
        response_model_exclude_none=True,
        tags=["operations"],
        responses={503: {"model": catalog_schemas.Health, "description": "Database unavailable"}},
    )
    def health(
        session: SessionDep,
        response: Response,
        operator_token: Annotated[
            str | None,
            Header(
                max_length=200,
                description="The operator token (RVUEDGE_OPERATOR_TOKEN) to see the details.",
            ),
        ] = None,
    ) -> catalog_schemas.Health:
        """ok when the server and its database answer. Only an operator (with the operator
        token) also sees the database engine, releases and version."""
        try:
            session.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            logger.error("health: database unavailable: %s", " ".join(str(exc).split())[:300])
            response.status_code = 503
            return catalog_schemas.Health(status="unavailable")
        if not is_operator(operator_token):
            return catalog_schemas.Health(status="ok")
        names = list(
            session.exec(
                select(FeeScheduleRelease.name).order_by(col(FeeScheduleRelease.effective_date))
            )
        )
        return catalog_schemas.Health(
            status="ok",
            database=session.get_bind().dialect.name,
            releases=names,
            version=__version__,
        )

    app.include_router(api)
    app.include_router(operator_router)
    install_web_app(app, openapi_url=f"{API_PREFIX}/openapi.json", docs=settings.docs_enabled)
    app.state.registrations = Throttle(
        limit=settings.REGISTRATIONS_PER_HOUR, window=timedelta(hours=1), what="registrations"
    )
    # Outermost last: the body limit answers before anything reads the body; the request
    # middleware (id, HEAD, metrics, the one record of an error) wraps everything.
    app.add_middleware(ControlCharactersMiddleware)  # reads JSON bodies the limit has bounded
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        json_limit=settings.MAX_BODY_BYTES,
        upload_limit=settings.MAX_UPLOAD_BYTES,
    )
    if settings.allowed_hosts:
        app.add_middleware(AllowedHostsMiddleware, hosts=settings.allowed_hosts)
    app.state.metrics = Metrics()
    app.add_middleware(RequestMiddleware, metrics=app.state.metrics, on_error=unexpected_error)
    return app


__all__ = ["app", "create_app", "is_operator"]


app = create_app()
