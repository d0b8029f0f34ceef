"""Routes that serve the web app and the API documentation, every asset from this server."""

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Swagger UI and ReDoc bundles shipped by the fastapi-offline package (MIT): no CDN.
DOCS_ASSETS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"

# The app shell changes with each release: the browser revalidates it (the service worker keeps
# the offline copy); it never caches a stale shell for long.
SHELL_HEADERS = {"Cache-Control": "no-cache"}

router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", headers=SHELL_HEADERS)


@router.get("/sw.js")
def service_worker() -> FileResponse:
    # Served from the root so that its scope covers the whole app.
    return FileResponse(STATIC_DIR / "sw.js", media_type="text/javascript", headers=SHELL_HEADERS)


@router.get("/manifest.webmanifest")
def manifest() -> FileResponse:
    return FileResponse(
        STATIC_DIR / "manifest.webmanifest",
        media_type="application/manifest+json",
        headers=SHELL_HEADERS,
    )


def install_web_app(app: FastAPI, *, openapi_url: str, docs: bool = True) -> None:
    """Serve the app at `/`, its assets under `/static`, and `/docs` and `/redoc` offline
    (unless `docs` is off, e.g. RVUEDGE_DOCS_ENABLED=false in production)."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if not docs:
        app.include_router(router)
        return
    app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS_DIR), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/static/icons/icon-192.png",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} API",
            redoc_js_url="/docs-assets/redoc.standalone.js",
            redoc_favicon_url="/static/icons/icon-192.png",
            with_google_fonts=False,
        )

    app.include_router(router)
