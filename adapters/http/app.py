"""The Litestar app factory: controllers, dependencies, problem details, offline API docs, health, metrics and the
log line of every request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import litestar_offline_docs
from litestar import Litestar, Request
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router

from adapters.backup import ServingLock
from adapters.bootstrap import Gongkai, build
from adapters.collector import tune_collector
from adapters.http.audit import AuditController
from adapters.http.bodies import input_classes
from adapters.http.calendar import CalendarController
from adapters.http.catalogue import CatalogueController
from adapters.http.consultations import ConsultationController, PublicConsultationController
from adapters.http.disclosure_requests import DisclosureRequestController
from adapters.http.documents import DocumentController
from adapters.http.door import caller, door
from adapters.http.enquiries import EnquiryController, PublicEnquiryController
from adapters.http.events import EventFeedController, EventSchemaController
from adapters.http.health import live, read_models, ready
from adapters.http.metrics_page import metrics_page
from adapters.http.monthly_returns import MonthlyReturnController
from adapters.http.observability import (
    Metrics,
    PoolCollector,
    configure_logging,
    count_appends,
    log_format_from_env,
    observed,
    pool_figures,
    quiet_uvicorn_access_log,
)
from adapters.http.open_days import OpenDayController, PublicOpenDayController
from adapters.http.openapi_attrs import AttrsSchema
from adapters.http.problem_docs import ProblemResponses
from adapters.http.problems import EXCEPTION_HANDLERS
from adapters.http.public import PublicController
from adapters.http.reference import ReferenceController
from adapters.http.reports import AnnualReportController
from adapters.http.throttle import PublicBodyLimit, public_rate_limit
from domain.staff import Credential

DOCS_ASSETS = "/schema/assets"


def _openapi() -> OpenAPIConfig:
    swagger = SwaggerRenderPlugin(
        js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
        css_url=f"{DOCS_ASSETS}/swagger-ui.css",
        standalone_preset_js_url=f"{DOCS_ASSETS}/swagger-ui-standalone-preset.js",
        favicon="",
        path="/",
    )
    return OpenAPIConfig(
        title="gongkai",
        version="0.1.0",
        description=(
            "The event-sourced core of open-government-information work (政务公开). Every refusal is an RFC 9457 "
            "problem (application/problem+json) whose `type` is the URL of its rule under /api/v1/reference/rules; "
            "request bodies refuse unknown fields, and every text field has a maximum length."
        ),
        path="/schema",
        render_plugins=[swagger],
        components=Components(
            security_schemes={"bearer": SecurityScheme(type="http", scheme="bearer", description="staff token")}
        ),
        security=[{"bearer": []}],
        use_handler_docstrings=True,
    )


def _metrics(core: Gongkai) -> Metrics:
    """The app's metrics: requests (counted around the app), events appended, pools."""
    metrics = Metrics()
    count_appends(core.store, metrics)
    recorder = getattr(core.store.app, "recorder", None)
    write_pool = getattr(getattr(recorder, "datastore", None), "pool", None)
    read_stores = {f"read_{name}": store for name, store in read_models(core).items()}
    metrics.registry.register(PoolCollector(lambda: pool_figures(write_pool, read_stores)))
    return metrics


def create_app(gongkai: Gongkai | None = None) -> Litestar:
    """The web app over an assembled gongkai (by default from GONGKAI_DATABASE_URL)."""
    log_format = log_format_from_env()
    configure_logging(log_format)
    rate_limit = public_rate_limit()  # a setting that names no limit stops the start, before the store is opened
    core = gongkai or build()
    metrics = _metrics(core)
    # `gongkai restore` refuses while any process serves the embedded store.
    serving = ServingLock(Path(core.store.url.path)) if core.store.url.kind == "sqlite" else None

    def provide_gongkai() -> Gongkai:
        return core

    def provide_credential(request: Request[Any, Any, Any]) -> Credential:
        return caller(request, core.staff.authenticate)

    docs = create_static_files_router(
        path=DOCS_ASSETS, directories=[Path(litestar_offline_docs.__file__).parent / "static"], include_in_schema=False
    )
    app = Litestar(
        route_handlers=[
            DisclosureRequestController,
            DocumentController,
            ConsultationController,
            PublicConsultationController,
            CatalogueController,
            PublicController,
            EnquiryController,
            PublicEnquiryController,
            OpenDayController,
            PublicOpenDayController,
            CalendarController,
            ReferenceController,
            EventFeedController,
            EventSchemaController,
            AuditController,
            AnnualReportController,
            MonthlyReturnController,
            live,
            ready,
            metrics_page,
            docs,
        ],
        dependencies={
            "gongkai": Provide(provide_gongkai, sync_to_thread=False),
            "credential": Provide(provide_credential, sync_to_thread=False),
        },
        before_request=door(core.staff.authenticate),
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        openapi_config=_openapi(),
        plugins=[AttrsSchema(lambda: input_classes(app)), ProblemResponses(), PublicBodyLimit()],
        middleware=[rate_limit.middleware] if rate_limit else [],
        state=State({"metrics": metrics}),
        # The `gongkai` loggers have their own handler (configure_logging); Litestar's would repeat each line.
        logging_config=None,
        on_startup=[
            core.start_read_side,
            tune_collector,
            lambda: quiet_uvicorn_access_log(log_format),
            *([serving.acquire] if serving else []),
        ],
        # The asyncpg pool belongs to this app's event loop; the event store is closed only if the app built it.
        on_shutdown=[
            *([serving.release] if serving else []),
            *([core.aclose] if gongkai is None else [core.close_read_side]),
        ],
    )
    app.asgi_handler = observed(app.asgi_handler, metrics)
    return app
