from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.middleware.cors import CORSMiddleware

from app.api.main import include_api
from app.core.config import settings
from app.core.errors import register_error_handlers
from app.core.headers import LSN_HEADER, ResponseHeaders, docs_policy
from app.core.middleware import HeadAsGet, LimitRequestBody
from app.core.routes import declare_auth_errors
from app.docs_assets import DOCS_ASSETS, offline_redoc_js
from app.utils.pictures import MAX_UPLOAD_BYTES
from app.web_ui import mount_web_ui


def custom_generate_unique_id(route: APIRoute) -> str:
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


app = FastAPI(
    title=settings.PROJECT_NAME,
    openapi_url=f"{settings.API_V1_STR}/openapi.json",
    generate_unique_id_function=custom_generate_unique_id,
    # Served below from local files: the default pages load their scripts from a CDN.
    docs_url=None,
    redoc_url=None,
    # No OpenTelemetry SDK ships with the app: FastAPI would otherwise ask the global
    # providers on every request whether one was set up.
    telemetry={"tracing": False, "metrics": False, "logs": False},
)

# Before CORS, so CORS wraps it and a browser can read its 413.
app.add_middleware(
    LimitRequestBody,
    # A picture may be 2 MiB, and its multipart envelope a little more.
    larger={f"{settings.API_V1_STR}/profiles/me/picture": MAX_UPLOAD_BYTES + 64 * 1024},
)
if settings.all_cors_origins:
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.all_cors_origins,
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
        # The UI shows where a request's time went, also when served from another origin,
        # and echoes a write's WAL position (read-your-writes with replicas).
        expose_headers=["Server-Timing", LSN_HEADER],
    )

app.add_middleware(HeadAsGet)

# Outermost: the Server-Timing total includes every other layer.
app.add_middleware(ResponseHeaders)

register_error_handlers(app)
include_api(app)
declare_auth_errors(app)

app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")


@app.get("/docs", include_in_schema=False)
def swagger_ui() -> HTMLResponse:
    return _with_docs_policy(
        get_swagger_ui_html(
            openapi_url=app.openapi_url or "",
            title=f"{settings.PROJECT_NAME} - Swagger UI",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon.png",
            oauth2_redirect_url=None,
            init_oauth=None,
        )
    )


@app.get("/redoc", include_in_schema=False)
def redoc() -> HTMLResponse:
    return _with_docs_policy(
        get_redoc_html(
            openapi_url=app.openapi_url or "",
            title=f"{settings.PROJECT_NAME} - ReDoc",
            redoc_js_url="/redoc.js",
            redoc_favicon_url="/docs-assets/favicon.png",
            with_google_fonts=False,
        )
    )


@app.get("/redoc.js", include_in_schema=False)
def redoc_js() -> Response:
    return Response(
        offline_redoc_js(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600"},
    )


def _with_docs_policy(page: HTMLResponse) -> HTMLResponse:
    # Their pages start the docs with an inline script, allowed by its hash.
    page.headers["Content-Security-Policy"] = docs_policy(bytes(page.body))
    return page


# Last: every path not matched above is the web UI's (client-side routes get index.html).
mount_web_ui(
    app,
    settings.FRONTEND_DIST,
    reserved=("api/", "docs", "redoc", "assets/"),
    title=settings.PROJECT_NAME,
)
