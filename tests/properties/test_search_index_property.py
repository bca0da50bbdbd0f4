"""Property: the search index holds exactly the published, unwithdrawn documents.

Hypothesis draws the lives of a few documents and interleaves their steps at random, giving each through the
application (`gongkai.documents`) on a store of the example's own, in memory or in an embedded SQLite file. A
life registers a document proactive, withheld, on request or not yet decided (or a policy with an
interpretation attached, which go out together), then goes through rounds of: maybe setting the attribute,
maybe reviewing the current revision (passing or failing), maybe publishing it, maybe withdrawing it, maybe
revising it. So documents are published, corrected and published again, withdrawn and published again, and
some steps are refused (publishing what is withheld or not reviewed, withdrawing what is not out): a refusal
(DomainError) is expected and the sequence goes on.

After every step, what `gongkai.publications.search` finds is compared with what the STORED histories say
(`gongkai.store.history(id)`, read here without the projection's fold): listing with no words finds exactly the
documents whose last `published` is not followed by a `withdrawn`, each with the title of the revision that went
out and in its column; after a step not refused, the word unique to each document of the life stepped finds it
exactly when it is out. At
the end every document's word and every revision's word is searched (a revision's word finds the document only
while that revision is the one out); then the read model is rebuilt from the log and all is checked again.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, time, timedelta
from pathlib import Path
from uuid import UUID

import attrs
import pytest
from hypothesis import event as note_event
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.bootstrap import Gongkai, build
from application.publications import SearchQuery
from domain.actors import SYSTEM, Role
from domain.document import commands as cmd
from domain.document import events as ev
from domain.document.values import DisclosureAttribute, DocumentKind, InterpretationForm
from domain.errors import DomainError
from domain.events import DomainEvent
from domain.staff import Credential
from tests.support import FixedClock

TODAY = date(2025, 3, 10)
FORMED = TODAY - timedelta(days=40)
COLUMNS = {"work": "工作动态", "notices": "通知公告", "policies": "政策文件", "interpretations": "政策解读"}
LETTERS = "bcdfghjkmnpqrstvwxyz"
SCRATCH = "/dev/shm" if Path("/dev/shm").is_dir() else None
"""Where the SQLite files go: in memory where there is a tmpfs, so that commits wait for no disk."""
PROACTIVE, WITHHELD, ON_REQUEST = DisclosureAttribute


def token(prefix: str, *numbers: int) -> str:
    """A word of ASCII letters that jieba keeps whole and no other document holds."""
    return prefix + "".join(LETTERS[n // len(LETTERS) % len(LETTERS)] + LETTERS[n % len(LETTERS)] for n in numbers)


def document_word(index: int) -> str:
    """The word in the title of every revision of the index-th document registered."""
    return token("wen", index)


def revision_word(index: int, revision: int) -> str:
    """The word in the text of one revision only."""
    return token("ban", index, revision)


# ---------------------------------------------------------------- lives and steps


@attrs.frozen
class Round:
    """One turn of a document's life, each step maybe: attribute, review, publish, withdraw, revise."""

    attribute: DisclosureAttribute | None
    review: bool | None
    """Pass (True) or fail (False) the current revision's reviews, or leave them."""
    publish: bool
    days_ago: int
    withdraw: bool
    revise: bool


@attrs.frozen
class Life:
    """A document registered, then its rounds; a policy comes with its interpretation."""

    kind: DocumentKind
    attribute: DisclosureAttribute | None
    column_id: str
    rounds: tuple[Round, ...]

    def steps(self) -> list[tuple[str, Round | None]]:
        """`register`, then the steps of each round with the round."""
        steps: list[tuple[str, Round | None]] = [("register", None)]
        for turn in self.rounds:
            taken = {
                "attribute": turn.attribute is not None,
                "review": turn.review is not None,
                "publish": turn.publish,
                "withdraw": turn.withdraw,
                "revise": turn.revise,
            }
            steps.extend((name, turn) for name, take in taken.items() if take)
        return steps


ROUND = st.builds(
    Round,
    attribute=st.sampled_from([None, None, None, None, PROACTIVE, WITHHELD]),
    review=st.sampled_from([True, True, True, True, False, None]),
    publish=st.sampled_from([True, True, True, False]),
    days_ago=st.integers(min_value=0, max_value=20),
    withdraw=st.sampled_from([False, False, False, True]),
    revise=st.booleans(),
)
LIFE = st.builds(
    Life,
    kind=st.sampled_from(
        [DocumentKind.WORK_INFORMATION, DocumentKind.DATA_SET, DocumentKind.LICENSING_DECISION, DocumentKind.POLICY]
    ),
    attribute=st.sampled_from([PROACTIVE, PROACTIVE, PROACTIVE, PROACTIVE, WITHHELD, ON_REQUEST, None]),
    column_id=st.sampled_from(["work", "notices"]),
    rounds=st.lists(ROUND, min_size=1, max_size=3).map(tuple),
)
LIVES = st.lists(LIFE, min_size=1, max_size=5)


# ---------------------------------------------------------------- the bureau under test


@attrs.define
class Bureau:
    """One organ on a store of its own: its documents in the order registered, and each life's documents."""

    app: Gongkai
    clock: FixedClock
    runner: asyncio.Runner
    organ: str
    drafter: Credential
    secrecy: Credential
    approver: Credential
    publisher: Credential
    documents: list[UUID] = attrs.field(factory=list)
    lives: dict[int, list[UUID]] = attrs.field(factory=dict)
    """Life → its documents: the document, or the policy and its interpretation."""

    def register(self, kind: DocumentKind, interprets: UUID | None = None) -> UUID:
        index = len(self.documents)
        document_id = uuid.uuid4()
        self.app.documents.register(
            cmd.RegisterDocument(
                document_id=document_id,
                organ=self.organ,
                department="就业促进科",
                kind=kind,
                title=f"关于{document_word(index)}就业补贴事项的通知",
                formed_on=FORMED,
                text=f"第1稿：{revision_word(index, 1)}，就业补贴申领有关事项如下。",
                interprets=interprets,
                interpretation_form=InterpretationForm.QA if interprets else None,
            ),
            self.drafter,
        )
        self.documents.append(document_id)
        return document_id

    def step(self, number: int, life: Life, name: str, turn: Round | None) -> None:
        """Give one step of a life (several commands for a policy and its interpretation)."""
        documents = self.app.documents
        if name == "register":
            main = self.register(life.kind)
            self.lives[number] = [main]
            if life.kind is DocumentKind.POLICY:
                self.lives[number].append(self.register(DocumentKind.INTERPRETATION, interprets=main))
            if life.attribute is not None:
                for document_id in self.lives[number]:
                    self.set_attribute(document_id, life.attribute)
            if life.kind is DocumentKind.POLICY:
                documents.attach_interpretation(main, self.lives[number][1], self.drafter)
            return
        assert turn is not None
        main, *interpretations = self.lives[number]
        if name == "attribute":
            assert turn.attribute is not None
            for document_id in self.lives[number]:
                self.set_attribute(document_id, turn.attribute)
        elif name == "review":
            # Each review the current revision lacks (after a withdrawal, only the approval is given again).
            for document_id in self.lives[number]:
                current = documents.get(document_id).current
                if current.confidentiality is None:
                    findings = "" if turn.review else "含未脱敏的个人信息"
                    secrecy = cmd.ReviewConfidentiality(
                        revision=current.number, passed=bool(turn.review), findings=findings
                    )
                    documents.execute(document_id, secrecy, self.secrecy)
                if current.disclosure is None:
                    approval = cmd.ReviewDisclosure(revision=current.number, approved=bool(turn.review))
                    documents.execute(document_id, approval, self.approver)
        elif name == "publish":
            on = max(TODAY - timedelta(days=turn.days_ago), documents.get(main).current.changed_on)
            column_id = "policies" if interpretations else life.column_id
            command = cmd.PublishDocument(
                column_id=column_id, published_on=on, interpretation_column_id="interpretations"
            )
            documents.publish(main, command, self.publisher)
        elif name == "withdraw":
            for document_id in self.lives[number]:
                withdrawal = cmd.WithdrawDocument(withdrawn_on=TODAY, reason="政策已废止")
                documents.withdraw(document_id, withdrawal, self.publisher)
        else:
            for document_id in self.lives[number]:
                index = self.documents.index(document_id)
                revision = documents.get(document_id).current.number + 1
                revised = cmd.ReviseDocument(
                    title=f"关于{document_word(index)}就业补贴事项的通知（第{revision}稿）",
                    text=f"第{revision}稿：{revision_word(index, revision)}，就业补贴申领有关事项更正如下。",
                    changed_on=TODAY,
                    reason="更正申领条件",
                    is_correction=True,
                )
                documents.execute(document_id, revised, self.drafter)
            for interpretation in interpretations:
                documents.attach_interpretation(main, interpretation, self.drafter)

    def set_attribute(self, document_id: UUID, attribute: DisclosureAttribute) -> None:
        ground = None if attribute is PROACTIVE else "《中华人民共和国政府信息公开条例》第十四条"
        command = cmd.SetAttribute(attribute=attribute, legal_ground=ground)
        self.app.documents.execute(document_id, command, self.drafter)

    def found(self, text: str = "") -> dict[UUID, tuple[str, str]]:
        """Id → (title, column) of every published document found; one page holds them all."""
        page = self.runner.run(self.app.publications.search(SearchQuery(text=text, organ=self.organ, page_size=100)))
        assert page.total == len(page.hits), (text, page.total, len(page.hits))
        found = {hit.id: (hit.title, hit.column_id) for hit in page.hits}
        assert len(found) == len(page.hits), f"a document found twice for {text!r}"
        return found


@contextmanager
def opened(kind: str) -> Iterator[Bureau]:
    """A bureau on a new store of the kind, closed afterwards (the SQLite file deleted)."""
    clock = FixedClock()
    clock.set_business_day(TODAY, time(9, 0))
    with tempfile.TemporaryDirectory(dir=SCRATCH) as directory, asyncio.Runner() as runner:
        url = "memory://" if kind == "memory" else f"sqlite:///{Path(directory) / 'gongkai.sqlite3'}"
        app = build(url, clock=clock)
        try:

            def staff(name: str, role: Role) -> Credential:
                _, secret = app.staff.add(name, (role,), SYSTEM)
                return app.staff.authenticate(secret)

            bureau = Bureau(
                app=app,
                clock=clock,
                runner=runner,
                organ="闵行区人力资源和社会保障局",
                drafter=staff("陈静", Role.DRAFTER),
                secrecy=staff("孙丽", Role.CONFIDENTIALITY_REVIEWER),
                approver=staff("周华", Role.DISCLOSURE_REVIEWER),
                publisher=staff("吴芳", Role.PUBLISHER),
            )
            for column_id, name in COLUMNS.items():
                app.catalogues.add_column(bureau.organ, column_id, name, bureau.publisher)
            yield bureau
        finally:
            runner.run(app.close_read_side())
            app.close()


# ---------------------------------------------------------------- the histories, read independently


@attrs.frozen
class Out:
    revision: int
    title: str
    column_id: str


def out_of(history: list[DomainEvent]) -> Out | None:
    """What of a document is out by its stored history: the last publication, unless withdrawn since."""
    titles: dict[int, str] = {}
    out: Out | None = None
    for event in history:
        if isinstance(event, ev.Registered):
            titles[1] = event.title
        elif isinstance(event, ev.Revised):
            titles[event.revision] = event.title
        elif isinstance(event, ev.Published):
            out = Out(event.revision, titles[event.revision], event.column_id)
        elif isinstance(event, ev.Withdrawn):
            out = None
    return out


def check(bureau: Bureau, searched: Sequence[UUID], revisions: bool) -> None:
    """The index against the histories: the listing, and the words of the documents searched (and of each of
    their revisions)."""
    histories = {d: bureau.app.store.history(d) for d in bureau.documents}
    outs = {d: out_of(history) for d, history in histories.items()}
    assert bureau.found() == {d: (o.title, o.column_id) for d, o in outs.items() if o is not None}

    for document_id in searched:
        index = bureau.documents.index(document_id)
        out = outs[document_id]
        assert set(bureau.found(document_word(index))) == ({document_id} if out else set())
        if revisions:
            count = sum(isinstance(e, ev.Registered | ev.Revised) for e in histories[document_id])
            for revision in range(1, count + 1):
                expected = {document_id} if out is not None and out.revision == revision else set()
                assert set(bureau.found(revision_word(index, revision))) == expected, (index, revision)


def note_coverage(bureau: Bureau) -> None:
    """Tell the statistics how far the documents went."""
    for document_id in bureau.documents:
        history = bureau.app.store.history(document_id)
        turns = [type(e) for e in history if isinstance(e, ev.Published | ev.Withdrawn)]
        note_event(f"publications and withdrawals of a document: {min(len(turns), 3)}{'+' if len(turns) > 2 else ''}")
        out = out_of(history)
        if out is not None and out.revision > 1:
            note_event("a later revision is out")
        if ev.Withdrawn in turns[:-1]:
            note_event("published again after a withdrawal")


# ---------------------------------------------------------------- the property


@pytest.fixture(scope="module", params=["memory", "sqlite"])
def store_kind(request: pytest.FixtureRequest) -> str:
    """Which store each example makes for itself."""
    kind: str = request.param
    return kind


@settings(deadline=None)  # the first example loads jieba's dictionary
@given(lives=LIVES, data=st.data())
def test_the_index_holds_exactly_the_published_unwithdrawn_documents(
    store_kind: str, lives: list[Life], data: st.DataObject
) -> None:
    pending = {number: life.steps() for number, life in enumerate(lives)}
    with opened(store_kind) as bureau:
        while pending:
            number = data.draw(st.sampled_from(sorted(pending)), label="life")
            name, turn = pending[number].pop(0)
            if not pending[number]:
                del pending[number]
            bureau.clock.advance(minutes=1)
            try:
                bureau.step(number, lives[number], name, turn)
            except DomainError as refusal:
                note_event(f"refused {name}: {refusal.code}")
                check(bureau, [], revisions=False)
            else:
                check(bureau, bureau.lives[number], revisions=False)

        check(bureau, bureau.documents, revisions=True)
        note_coverage(bureau)
        bureau.runner.run(bureau.app.publications.runner.rebuild())
        check(bureau, bureau.documents, revisions=True)
