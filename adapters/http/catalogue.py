"""/api/v1/catalogue/{organ}: the disclosure catalogue (公开标准目录) and its columns."""

from __future__ import annotations

from typing import Annotated, TypeAlias

from litestar import Controller, get, post
from litestar.params import JSONBody

from adapters.http.document_schemas import CatalogueOut, ColumnIn, RenameIn, RetireIn
from adapters.http.markers import Caller, Core, text_path

Organ: TypeAlias = Annotated[str, text_path("organ", "the organ (机关) the catalogue is of")]
ColumnId: TypeAlias = Annotated[str, text_path("column_id", "the column's id")]


class CatalogueController(Controller):
    """公开标准目录: columns added, renamed and retired, each an event (R-DOC-CATALOG)."""

    path = "/api/v1/catalogue/{organ:str}"
    tags = ("catalogue",)

    @get("/", operation_id="getCatalogue", sync_to_thread=True, security=[{}])
    def read(self, gongkai: Core, organ: Organ) -> CatalogueOut:
        """An organ's catalogue as it stands (public)."""
        return CatalogueOut.of(gongkai.catalogues.get(organ))

    @post("/columns", operation_id="addColumn", status_code=201, sync_to_thread=True)
    def add(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Organ,
        data: JSONBody[ColumnIn],
    ) -> CatalogueOut:
        """Add a column."""
        return CatalogueOut.of(gongkai.catalogues.add_column(organ, data.column_id, data.name, credential))

    @post("/columns/{column_id:str}/name", operation_id="renameColumn", status_code=200, sync_to_thread=True)
    def rename(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Organ,
        column_id: ColumnId,
        data: JSONBody[RenameIn],
    ) -> CatalogueOut:
        """Rename a column; what was published in it stays there."""
        return CatalogueOut.of(gongkai.catalogues.rename_column(organ, column_id, data.name, credential))

    @post("/columns/{column_id:str}/retirement", operation_id="retireColumn", status_code=200, sync_to_thread=True)
    def retire(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Organ,
        column_id: ColumnId,
        data: JSONBody[RetireIn],
    ) -> CatalogueOut:
        """Retire a column: nothing more is published in it."""
        return CatalogueOut.of(gongkai.catalogues.retire_column(organ, column_id, data.reason, credential))
