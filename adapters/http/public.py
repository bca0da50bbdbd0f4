"""/api/v1/public: what anyone may read without a token — published documents, by column and by search."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.params import FromPath, FromQuery, Parameter

from adapters.http.document_schemas import HitPageOut, PublishedDocumentOut
from adapters.http.markers import SEEN_POSITION, Core, text_query
from application.publications import MAX_PAGE, SearchQuery
from domain.document.values import DocumentKind


class PublicController(Controller):
    """The public read side: nothing unpublished or withdrawn is ever listed or found."""

    path = "/api/v1/public"
    tags = ("public",)
    security = ({},)

    @get("/documents", operation_id="searchPublishedDocuments", problems=(422,))
    async def documents(
        self,
        gongkai: Core,
        q: Annotated[
            str,
            text_query(
                "q",
                "words to find (Chinese is segmented); at least one word when given: punctuation, symbols, numbers "
                "such as ① and words such as 的 alone are refused (400), an empty q lists",
            ),
        ] = "",
        organ: Annotated[str | None, text_query("organ", "the organ that published")] = None,
        column: Annotated[str | None, text_query("column", "a catalogue column id")] = None,
        kind: Annotated[list[DocumentKind] | None, Parameter(description="one or more kinds")] = None,
        published_from: FromQuery[date | None] = None,
        published_to: FromQuery[date | None] = None,
        page: Annotated[int, Parameter(ge=1, le=MAX_PAGE, description="the page to show, from 1")] = 1,
        page_size: Annotated[int, Parameter(ge=1, le=100)] = 20,
        position: Annotated[int | None, SEEN_POSITION] = None,
    ) -> HitPageOut:
        """Published documents: with `q`, most relevant first; without, newest first (a column's list)."""
        query = SearchQuery(q, organ, column, tuple(kind or ()), published_from, published_to, page, page_size)
        return HitPageOut.of(await gongkai.publications.search(query, position))

    @get("/documents/{document_id:uuid}", operation_id="getPublishedDocument", sync_to_thread=True)
    def document(self, gongkai: Core, document_id: FromPath[UUID]) -> PublishedDocumentOut:
        """One published document with its interpretations and service links; in place of a withdrawn penalty
        decision, the reason published for its withdrawal. 404 for anything not public."""
        return PublishedDocumentOut.of(gongkai.public_documents.published(document_id))
