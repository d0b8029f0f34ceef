"""The FastAPI application."""

from fastapi import APIRouter, FastAPI
from sqlalchemy import text
from sqlmodel import select

from rvuedge import __version__
from rvuedge.benchmarks.router import router as benchmarks_router
from rvuedge.cases.router import router as cases_router
from rvuedge.cases.shortcuts_router import router as shortcuts_router
from rvuedge.catalog import schemas as catalog_schemas
from rvuedge.catalog.models import FeeScheduleRelease
from rvuedge.catalog.router import router as catalog_router
from rvuedge.crediting.router import presets_router as credit_presets_router
from rvuedge.crediting.router import settings_router as credit_settings_router
from rvuedge.db import SessionDep
from rvuedge.errors import install_error_handlers
from rvuedge.exports.router import router as exports_router
from rvuedge.imports.router import router as imports_router
from rvuedge.payplans.router import plans_router as pay_plans_router
from rvuedge.payplans.router import reports_router as compensation_router
from rvuedge.reconciliation.router import router as reconciliations_router
from rvuedge.reports.router import router as reports_router
from rvuedge.security import secret_key
from rvuedge.sites.router import router as sites_router
from rvuedge.storage.startup import RefuseUnfitDatabase
from rvuedge.users.router import auth_router, me_router
from rvuedge.web.router import install_web_app

API_PREFIX = "/api/v1"


def create_app() -> FastAPI:
    secret_key()  # refuse to start in production without a signing secret
    app = FastAPI(
        title="rvuedge",
        version=__version__,
        summary="wRVU tracking: CMS fee-schedule catalog, explained credit, totals, benchmarks.",
        docs_url=None,  # served by the web package from local assets
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
    )
    install_error_handlers(app)
    app.add_middleware(RefuseUnfitDatabase, fastapi_app=app)  # checks the database at start-up
    api = APIRouter(prefix=API_PREFIX)
    api.include_router(catalog_router)
    api.include_router(auth_router)
    api.include_router(me_router)
    api.include_router(cases_router)
    api.include_router(shortcuts_router)
    api.include_router(sites_router)
    api.include_router(benchmarks_router)
    api.include_router(reports_router)
    api.include_router(pay_plans_router)
    api.include_router(compensation_router)
    api.include_router(exports_router)
    api.include_router(credit_settings_router)
    api.include_router(credit_presets_router)
    api.include_router(imports_router)
    api.include_router(reconciliations_router)

    @api.get("/health", response_model=catalog_schemas.Health, tags=["operations"])
    def health(session: SessionDep) -> catalog_schemas.Health:
        session.execute(text("SELECT 1"))
        names = list(
            session.exec(
                select(FeeScheduleRelease.name).order_by(FeeScheduleRelease.effective_date)
            )
        )
        return catalog_schemas.Health(
            status="ok",
            database=session.get_bind().dialect.name,
            releases=names,
            version=__version__,
        )

    app.include_router(api)
    install_web_app(app, openapi_url=f"{API_PREFIX}/openapi.json")
    return app


app = create_app()
