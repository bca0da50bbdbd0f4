"""The PublicationStore port's contract: the same searches on SQLite FTS5 and on PostgreSQL full-text search.

Documents are made through the real application (`gongkai.documents`, `gongkai.catalogues`) by staff issued
through `gongkai.staff`, with Chinese titles and texts as a 人社局 writes them, and found through
`gongkai.publications.search`, which catches the read side up first. The PostgreSQL database is shared by the
session, so every test works in an organ of its own and filters by it.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import date
from typing import Any
from uuid import UUID

import attrs
import pytest

from adapters.bootstrap import Gongkai, build
from application.publications import MAX_QUERY_WORDS, Hit, HitPage, SearchQuery
from domain.actors import SYSTEM, Role
from domain.document import commands as cmd
from domain.document.values import DisclosureAttribute, DocumentKind, InterpretationForm
from domain.errors import InvalidValue, RuleViolation
from domain.staff import Credential
from tests.support import FixedClock

TODAY = date(2025, 3, 10)
"""A Monday: the day every test acts on."""
FORMED = date(2025, 1, 2)
"""The day the documents were formed, before every publication date used."""

COLUMNS = {
    "policies": "政策文件",
    "interpretations": "政策解读",
    "work": "工作动态",
    "licensing": "行政许可",
    "data": "数据开放",
    "notices": "通知公告",
}
"""The columns of the bureau's disclosure catalogue (公开标准目录)."""


@pytest.fixture
async def gongkai(database_url: str) -> AsyncIterator[Gongkai]:
    """The application on the test's store; its read side's pool is closed on the loop that made it."""
    clock = FixedClock()
    clock.set_business_day(TODAY)
    app = build(database_url, clock=clock)
    yield app
    await app.close_read_side()
    app.close()


@attrs.define
class Bureau:
    """An organ of its own with its catalogue and four staff, giving commands through the application."""

    app: Gongkai
    organ: str
    drafter: Credential
    secrecy: Credential
    approver: Credential
    publisher: Credential

    @classmethod
    def open(cls, app: Gongkai, name: str = "闵行区人力资源和社会保障局") -> Bureau:
        """A new organ (uuid-suffixed: the PostgreSQL database is shared) with its catalogue."""

        def staff(person: str, role: Role) -> Credential:
            _, token = app.staff.add(person, (role,), SYSTEM)
            return app.staff.authenticate(token)

        bureau = cls(
            app=app,
            organ=f"{name}{uuid.uuid4().hex[:8]}",
            drafter=staff("陈静", Role.DRAFTER),
            secrecy=staff("孙丽", Role.CONFIDENTIALITY_REVIEWER),
            approver=staff("周华", Role.DISCLOSURE_REVIEWER),
            publisher=staff("吴芳", Role.PUBLISHER),
        )
        for column_id, column_name in COLUMNS.items():
            app.catalogues.add_column(bureau.organ, column_id, column_name, bureau.publisher)
        return bureau

    # ---------------------------------------------------------------- steps

    def draft(
        self,
        title: str,
        text: str,
        kind: DocumentKind = DocumentKind.WORK_INFORMATION,
        number: str | None = None,
        interprets: UUID | None = None,
    ) -> UUID:
        """Register revision 1 in the employment-promotion section."""
        document_id = uuid.uuid4()
        self.app.documents.register(
            cmd.RegisterDocument(
                document_id=document_id,
                organ=self.organ,
                department="就业促进科",
                kind=kind,
                title=title,
                document_number=number,
                formed_on=FORMED,
                text=text,
                interprets=interprets,
                interpretation_form=InterpretationForm.QA if interprets else None,
            ),
            self.drafter,
        )
        return document_id

    def attribute(self, document_id: UUID, attribute: DisclosureAttribute, ground: str | None = None) -> None:
        """Set the disclosure attribute at the source."""
        command = cmd.SetAttribute(attribute=attribute, legal_ground=ground)
        self.app.documents.execute(document_id, command, self.drafter)

    def clear(self, document_id: UUID, revision: int = 1) -> None:
        """Pass the revision's confidentiality review and approve it in disclosure review (each review unless
        the revision has it: after a withdrawal, publishing again takes a new approval)."""
        current = self.app.documents.get(document_id).current
        assert current.number == revision
        # Reviewed the day the revision was made (`draft`, `revise`), so it may be published on any day used here.
        day = FORMED if revision == 1 else TODAY
        if current.confidentiality is None:
            secrecy = cmd.ReviewConfidentiality(revision=revision, passed=True, reviewed_on=day)
            self.app.documents.execute(document_id, secrecy, self.secrecy)
        if current.disclosure is None:
            approval = cmd.ReviewDisclosure(revision=revision, approved=True, opinion="同意公开", reviewed_on=day)
            self.app.documents.execute(document_id, approval, self.approver)

    def publish(self, document_id: UUID, column_id: str, on: date, interpretation_column: str | None = None) -> None:
        """Publish the current revision in a column of the catalogue."""
        command = cmd.PublishDocument(
            column_id=column_id, published_on=on, interpretation_column_id=interpretation_column
        )
        self.app.documents.publish(document_id, command, self.publisher)

    def put_out(
        self,
        title: str,
        text: str,
        column_id: str = "work",
        on: date = TODAY,
        kind: DocumentKind = DocumentKind.WORK_INFORMATION,
        number: str | None = None,
    ) -> UUID:
        """Draft, set proactive, review and publish a document that needs no interpretation."""
        document_id = self.draft(title, text, kind, number)
        self.attribute(document_id, DisclosureAttribute.PROACTIVE)
        self.clear(document_id)
        self.publish(document_id, column_id, on)
        return document_id

    def put_out_policy(self, title: str, text: str, reading: tuple[str, str], on: date = TODAY) -> tuple[UUID, UUID]:
        """A policy and its interpretation (一图读懂), published together in one step."""
        policy = self.draft(title, text, DocumentKind.POLICY, number="闵人社发〔2025〕1号")
        interpretation = self.draft(*reading, kind=DocumentKind.INTERPRETATION, interprets=policy)
        for document_id in (policy, interpretation):
            self.attribute(document_id, DisclosureAttribute.PROACTIVE)
            self.clear(document_id)
        self.app.documents.attach_interpretation(policy, interpretation, self.drafter)
        self.publish(policy, "policies", on, interpretation_column="interpretations")
        return policy, interpretation

    def revise(self, document_id: UUID, title: str, text: str, reason: str = "更正办理地点") -> None:
        """Make a correcting revision."""
        command = cmd.ReviseDocument(title=title, text=text, changed_on=TODAY, reason=reason, is_correction=True)
        self.app.documents.execute(document_id, command, self.drafter)

    def withdraw(self, document_id: UUID, reason: str = "政策已废止") -> None:
        """Take a published document down."""
        command = cmd.WithdrawDocument(withdrawn_on=TODAY, reason=reason)
        self.app.documents.withdraw(document_id, command, self.publisher)

    # ---------------------------------------------------------------- reading

    async def find(self, text: str = "", **fields: Any) -> HitPage:
        """Search the organ's published documents (a page of 100 unless told)."""
        fields.setdefault("organ", self.organ)
        fields.setdefault("page_size", 100)
        return await self.app.publications.search(SearchQuery(text=text, **fields))

    async def ids(self, text: str = "", **fields: Any) -> list[UUID]:
        """The ids found, in order."""
        return [hit.id for hit in (await self.find(text, **fields)).hits]


@pytest.fixture
def bureau(gongkai: Gongkai) -> Bureau:
    """An organ of the test's own."""
    return Bureau.open(gongkai)


def ids_of(hits: Sequence[Hit]) -> list[UUID]:
    """The ids of hits, in order."""
    return [hit.id for hit in hits]


# ---------------------------------------------------------------- words


async def test_a_two_word_query_finds_the_documents_holding_both_words(bureau: Bureau) -> None:
    both = bureau.put_out(
        "关于开展2025年职业技能培训补贴申领工作的通知",
        "各街镇社区事务受理服务中心：对参加职业技能培训并取得证书的本区户籍劳动者，按规定给予培训补贴。"
        "申请人可通过一网通办提交申领材料。",
        on=date(2025, 2, 3),
    )
    training_only = bureau.put_out(
        "2025年春季职业技能培训计划",
        "本区将于三月至五月组织电工、育婴员、养老护理员等职业技能培训，报名请至各街镇就业服务站。",
        on=date(2025, 2, 10),
    )
    subsidy_only = bureau.put_out(
        "关于发放一次性吸纳就业补贴的公告",
        "对招用本区登记失业人员的用人单位，按每人2000元标准发放一次性吸纳就业补贴。",
        on=date(2025, 2, 17),
    )

    assert await bureau.ids("培训补贴") == [both]
    assert await bureau.ids("补贴 培训") == [both]
    assert set(await bureau.ids("培训")) == {both, training_only}
    assert set(await bureau.ids("补贴")) == {both, subsidy_only}
    assert await bureau.ids("培训 贷款") == []
    page = await bureau.find("职业技能培训补贴")
    assert ids_of(page.hits) == [both]
    assert page.total == 1
    assert page.hits[0].score > 0


async def test_words_are_found_inside_longer_words_of_the_text(bureau: Bureau) -> None:
    """Documents are indexed in search mode: 高校毕业生 is found by 毕业生 and by 高校毕业生."""
    notice = bureau.put_out(
        "关于做好2025届高校毕业生就业见习工作的通知",
        "各就业见习基地要为离校未就业高校毕业生提供不少于三个月的见习岗位，并按规定发放见习补贴。",
    )
    for query in ("毕业生", "高校毕业生", "就业见习", "高校毕业生就业", "见习补贴"):
        assert await bureau.ids(query) == [notice], query


async def test_a_match_in_the_title_ranks_above_a_match_in_the_text_only(bureau: Bureau) -> None:
    in_title = bureau.put_out(
        "创业担保贷款申请指南",
        "本指南说明申请条件、办理流程和所需材料，申请人可携带身份证件到区就业促进中心咨询。",
        column_id="notices",
        on=date(2025, 2, 3),
    )
    in_text = bureau.put_out(
        "关于调整部分就业服务事项办理地点的通知",
        "自2025年3月起，创业担保贷款的申请改由各街镇社区事务受理服务中心受理，其他事项不变。",
        column_id="notices",
        on=date(2025, 3, 3),
    )

    for query in ("创业担保贷款", "贷款", "担保"):
        page = await bureau.find(query)
        assert ids_of(page.hits) == [in_title, in_text], query
        assert page.hits[0].score > page.hits[1].score > 0, query


async def test_a_title_match_ranks_above_a_text_that_repeats_the_words(bureau: Bureau) -> None:
    """A report that names 就业补贴 again and again in its text is still below the guide titled so."""
    guide = bureau.put_out(
        "就业补贴申领指南",
        "本指南说明申请条件、办理流程和所需材料，申请人可携带身份证件到区就业促进中心咨询。",
        column_id="notices",
        on=date(2025, 1, 6),
    )
    report = bureau.put_out(
        "2025年第一季度区级财政资金使用情况公示",
        "一季度共发放一次性吸纳就业补贴120万元、求职创业补贴35万元、灵活就业人员社会保险补贴860万元、"
        "职业技能培训补贴210万元、就业见习补贴96万元。各项就业补贴均通过一网通办受理，就业补贴资金按月拨付到账。",
        column_id="notices",
        on=date(2025, 3, 3),
    )

    for query in ("就业补贴", "补贴", "就业", "补贴 就业"):
        page = await bureau.find(query)
        assert ids_of(page.hits) == [guide, report], query
        assert page.hits[0].score > page.hits[1].score > 0, query


# ---------------------------------------------------------------- filters, listing and pages


async def test_filters_by_column_kind_organ_and_publication_date(gongkai: Gongkai, bureau: Bureau) -> None:
    meeting = bureau.put_out(
        "区就业促进中心召开2025年就业工作会议",
        "会议总结了去年就业工作，部署了今年稳就业重点任务。",
        on=date(2025, 1, 6),
    )
    fair = bureau.put_out(
        "春风行动就业专场招聘会成功举办",
        "本次招聘会共有八十家企业参加，提供就业岗位一千二百余个。",
        on=date(2025, 2, 10),
    )
    licence = bureau.put_out(
        "人力资源服务许可决定书",
        "准予上海某人力资源有限公司从事职业中介活动，为劳动者就业提供服务。",
        column_id="licensing",
        on=date(2025, 2, 14),
        kind=DocumentKind.LICENSING_DECISION,
        number="闵人社许〔2025〕3号",
    )
    stations = bureau.put_out(
        "社区就业服务站点位",
        "莘庄镇社区就业服务站：莘建路；七宝镇社区就业服务站：七莘路。",
        column_id="data",
        on=date(2025, 3, 7),
        kind=DocumentKind.DATA_SET,
    )
    policy, reading = bureau.put_out_policy(
        "关于做好2025年高校毕业生就业工作的通知",
        "为做好高校毕业生就业创业工作，现就有关事项通知如下。",
        ("一图读懂高校毕业生就业政策", "问：毕业生如何申领就业补贴？答：登录一网通办提交申请。"),
    )
    elsewhere = Bureau.open(gongkai, "闵行区民政局")
    other_organ = elsewhere.put_out(
        "闵行区民政局2025年社区就业援助工作要点", "为困难群众提供就业援助和临时救助。", on=date(2025, 2, 10)
    )
    everything = {meeting, fair, licence, stations, policy, reading}

    for words in ("", "就业"):
        assert set(await bureau.ids(words)) == everything, words
        assert await bureau.ids(words, column_id="work") in ([fair, meeting], [meeting, fair])
        assert await bureau.ids(words, column_id="interpretations") == [reading]
        assert await bureau.ids(words, column_id="penalties") == []
        assert await bureau.ids(words, kinds=(DocumentKind.POLICY,)) == [policy]
        kinds = (DocumentKind.LICENSING_DECISION, DocumentKind.DATA_SET)
        assert set(await bureau.ids(words, kinds=kinds)) == {licence, stations}
        dated = {"published_from": date(2025, 2, 10), "published_to": date(2025, 3, 7)}
        assert set(await bureau.ids(words, **dated)) == {fair, licence, stations}
        assert set(await bureau.ids(words, published_from=date(2025, 3, 7))) == {stations, policy, reading}
        assert set(await bureau.ids(words, published_to=date(2025, 2, 10))) == {meeting, fair}
        assert await bureau.ids(words, published_from=date(2025, 3, 8), published_to=date(2025, 3, 9)) == []
        both = {"column_id": "work", "kinds": (DocumentKind.WORK_INFORMATION,), "published_from": date(2025, 2, 1)}
        assert await bureau.ids(words, **both) == [fair]
        assert await bureau.ids(words, organ=elsewhere.organ) == [other_organ]
        assert await elsewhere.ids(words, column_id="work") == [other_organ]

    assert await bureau.ids("招聘会", organ=elsewhere.organ) == []
    assert await bureau.ids("就业援助") == []


async def test_a_hit_carries_what_the_public_page_shows(bureau: Bureau) -> None:
    text = "为做好高校毕业生就业创业工作，现就有关事项通知如下：一、拓宽就业渠道。" + "二、加强就业服务。" * 20
    policy, reading = bureau.put_out_policy(
        "关于做好2025年高校毕业生就业工作的通知",
        text,
        ("一图读懂高校毕业生就业政策", "问：毕业生如何申领就业补贴？答：登录一网通办提交申请。"),
        on=date(2025, 3, 7),
    )

    page = await bureau.find("高校毕业生", kinds=(DocumentKind.POLICY,))
    assert page.total == 1
    hit = page.hits[0]
    assert hit.id == policy
    assert (hit.organ, hit.department, hit.kind) == (bureau.organ, "就业促进科", DocumentKind.POLICY)
    assert hit.document_number == "闵人社发〔2025〕1号"
    assert hit.title == "关于做好2025年高校毕业生就业工作的通知"
    assert (hit.column_id, hit.column_name, hit.published_on) == ("policies", "政策文件", date(2025, 3, 7))
    assert text.startswith(hit.excerpt.rstrip("…")) and len(hit.excerpt) <= 120
    [interpretation] = (await bureau.find(column_id="interpretations")).hits
    assert (interpretation.id, interpretation.column_name) == (reading, "政策解读")
    assert interpretation.document_number is None


async def test_no_words_list_a_column_newest_first_in_pages(bureau: Bureau) -> None:
    days = [date(2025, 1, 6), date(2025, 3, 3), date(2025, 2, 10), date(2025, 2, 10), date(2025, 1, 20)]
    made = [
        bureau.put_out(f"闵行区就业工作简报（第{number}期）", f"本期简报刊登{topic}等内容。", on=day)
        for number, topic, day in zip(
            "一二三四五", ["稳岗返还", "职业指导", "援企稳岗", "公益性岗位", "见习基地"], days, strict=True
        )
    ]
    bureau.put_out("社区就业服务站点位", "莘庄镇社区就业服务站：莘建路。", column_id="data", kind=DocumentKind.DATA_SET)

    listing = await bureau.find(column_id="work")
    assert listing.total == 5
    assert [hit.published_on for hit in listing.hits] == sorted(days, reverse=True)
    assert set(ids_of(listing.hits)) == set(made)
    assert ids_of(listing.hits)[0] == made[1] and ids_of(listing.hits)[-1] == made[0]
    assert all(hit.score == 0 for hit in listing.hits)

    pages = [await bureau.find(column_id="work", page=n, page_size=2) for n in (1, 2, 3)]
    assert [len(p.hits) for p in pages] == [2, 2, 1]
    assert [(p.total, p.page, p.page_size) for p in pages] == [(5, 1, 2), (5, 2, 2), (5, 3, 2)]
    assert [hit for p in pages for hit in p.hits] == list(listing.hits)

    words = await bureau.find("简报", column_id="work")
    word_pages = [await bureau.find("简报", column_id="work", page=n, page_size=3) for n in (1, 2)]
    assert [hit for p in word_pages for hit in p.hits] == list(words.hits)
    assert [p.total for p in word_pages] == [5, 5]

    beyond = await bureau.find(column_id="work", page=4, page_size=2)
    assert (beyond.hits, beyond.total, beyond.page) == ((), 5, 4)
    beyond_words = await bureau.find("简报", column_id="work", page=3, page_size=3)
    assert (beyond_words.hits, beyond_words.total) == ((), 5)


async def test_a_page_out_of_range_is_refused(bureau: Bureau) -> None:
    """Refused as an invalid value, never a store's error: no offset a store cannot take reaches it."""
    bureau.put_out("区人社局召开党风廉政建设工作会议", "会议传达学习了有关文件精神。")
    for fields in ({"page": 0}, {"page_size": 0}, {"page_size": 101}, {"page": 2**62}, {"page": 10**20}):
        for words in ("", "会议"):
            with pytest.raises(InvalidValue):
                await bureau.find(words, **fields)
    for words in ("", "会议"):
        far = await bureau.find(words, page=1_000_000, page_size=100)
        assert (far.hits, far.total, far.page) == ((), 1, 1_000_000)


# ---------------------------------------------------------------- only what is out


async def test_nothing_unpublished_or_withdrawn_is_ever_found(bureau: Bureau) -> None:
    text = "失业保险金申领条件：非因本人意愿中断就业，已办理失业登记并有求职要求。"
    drafted = bureau.draft("失业保险金申领指南（征求意见稿）", text)

    reviewed = bureau.draft("失业保险金申领指南（待发布）", text)
    bureau.attribute(reviewed, DisclosureAttribute.PROACTIVE)
    bureau.clear(reviewed)

    withheld = bureau.draft("失业保险金基金运行情况内部分析", text)
    bureau.attribute(withheld, DisclosureAttribute.WITHHELD, "《中华人民共和国政府信息公开条例》第十六条 内部事务信息")
    bureau.clear(withheld)
    with pytest.raises(RuleViolation):
        bureau.publish(withheld, "notices", TODAY)

    on_request = bureau.draft("失业保险金个案审核意见", text)
    bureau.attribute(on_request, DisclosureAttribute.ON_REQUEST, "《中华人民共和国政府信息公开条例》第二十七条")
    bureau.clear(on_request)
    with pytest.raises(RuleViolation):
        bureau.publish(on_request, "notices", TODAY)

    failed = bureau.draft("失业保险金发放名单", text + "附：领取人姓名及身份证号。")
    bureau.attribute(failed, DisclosureAttribute.PROACTIVE)
    secrecy = cmd.ReviewConfidentiality(revision=1, passed=False, findings="含个人信息，不予通过")
    bureau.app.documents.execute(failed, secrecy, bureau.secrecy)
    with pytest.raises(RuleViolation):
        bureau.publish(failed, "notices", TODAY)

    withdrawn = bureau.put_out("失业保险金申领指南（2024年版）", text, column_id="notices", on=date(2025, 1, 6))
    assert await bureau.ids("失业保险金") == [withdrawn]
    bureau.withdraw(withdrawn, "已被2025年版替代")

    current = bureau.put_out("失业保险金申领指南（2025年版）", text, column_id="notices", on=date(2025, 3, 3))

    for query in ("", "失业保险金", "失业保险金申领指南", "征求意见稿", "内部分析", "发放名单", "2024年版", "个案审核"):
        found = await bureau.ids(query)
        assert set(found) <= {current}, query
    assert await bureau.ids("失业保险金") == [current]
    assert await bureau.ids(column_id="notices") == [current]
    hidden = {drafted, reviewed, withheld, on_request, failed, withdrawn}
    assert hidden.isdisjoint(await bureau.ids("失业 登记 求职"))


async def test_a_republished_correction_is_found_by_its_new_text_only(bureau: Bureau) -> None:
    notice = bureau.put_out(
        "关于2025年灵活就业人员社会保险补贴申领的通知",
        "灵活就业人员可到莘庄镇社区事务受理服务中心申领社会保险补贴。",
        column_id="notices",
        on=date(2025, 2, 3),
    )
    assert await bureau.ids("莘庄镇 补贴") == [notice]

    bureau.revise(
        notice,
        "关于2025年灵活就业人员社会保险补贴申领的更正通知",
        "灵活就业人员可到七宝镇社区事务受理服务中心申领社会保险补贴。",
    )
    # Revision 2 is not out yet: the public still sees revision 1.
    assert await bureau.ids("莘庄镇") == [notice]
    assert await bureau.ids("七宝镇") == []
    assert await bureau.ids("更正") == []

    bureau.clear(notice, revision=2)
    bureau.publish(notice, "notices", TODAY)
    assert await bureau.ids("七宝镇 补贴") == [notice]
    assert await bureau.ids("更正通知") == [notice]
    assert await bureau.ids("莘庄镇") == []
    [hit] = (await bureau.find("灵活就业")).hits
    assert (hit.title, hit.published_on) == ("关于2025年灵活就业人员社会保险补贴申领的更正通知", TODAY)
    assert "七宝镇" in hit.excerpt

    bureau.withdraw(notice, "另行发布")
    assert await bureau.ids("七宝镇") == []
    assert await bureau.ids(column_id="notices") == []
    bureau.clear(notice, revision=2)
    bureau.publish(notice, "notices", TODAY)
    assert await bureau.ids("七宝镇") == [notice]
    assert await bureau.ids("莘庄镇") == []


# ---------------------------------------------------------------- queries are words, never syntax


async def test_search_syntax_in_a_query_is_taken_as_words(bureau: Bureau) -> None:
    subsidy = bureau.put_out(
        "关于职业技能培训补贴的通知", "参加职业技能培训并取得证书的，按规定给予培训补贴。", on=date(2025, 2, 3)
    )
    english = bureau.put_out(
        "本局英文名称变更公告",
        "自即日起，本局英文名称为Human Resources AND Social Security Bureau，简称HRSS。",
        on=date(2025, 2, 10),
    )
    station = bureau.put_out(
        "地铁站就业服务站启用",
        "七宝地铁站附近（NEAR METRO）新设社区就业服务站，提供职业指导。",
        on=date(2025, 2, 17),
    )
    listing = await bureau.ids()
    assert set(listing) == {subsidy, english, station}

    expected: dict[str, list[UUID]] = {
        '"培训" "补贴"': [subsidy],
        '"培训 补贴"': [subsidy],
        "培训 & 补贴": [subsidy],
        "培训 | 补贴": [subsidy],
        "培训|补贴": [subsidy],
        "!培训 补贴": [subsidy],
        "培训:* 补贴": [subsidy],
        "培训* 补贴*": [subsidy],
        "(培训 补贴)": [subsidy],
        "((培训": [subsidy],
        "培训 -补贴": [subsidy],
        "培训 - 补贴": [subsidy],
        "培训 <-> 补贴": [subsidy],
        "'培训' 补贴": [subsidy],
        "培训\\ 补贴": [subsidy],
        "培训 + 补贴 ^": [subsidy],
        "{title body}: 补贴": [],
        "title:补贴": [],
        "培训 NOT 补贴": [],
        "培训 OR 补贴": [],
        "培训 AND 补贴": [],
        "培训; DROP TABLE published_documents; --": [],
        "AND": [english],
        "and": [english],
        "Human AND Security": [english],
        '"Social Security" AND': [english],
        "HRSS*": [english],
        "NEAR": [station],
        "NEAR(就业 服务站)": [station],
        "NEAR METRO": [station],
        "NEAR(METRO, 就业)": [station],
        "就业 服务站": [station],
    }
    for query, found in expected.items():
        assert await bureau.ids(query) == found, query

    for nothing in ("-", " - ", '"', "'", "*", ":", "&", "|", "!", "()", "&|!:*", '""', "^", "\\", "--", "\x00"):
        with pytest.raises(InvalidValue) as refused:
            await bureau.find(nothing)
        assert refused.value.field == "q", repr(nothing)


async def test_a_query_with_no_word_to_search_for_is_refused_naming_q_and_an_empty_one_lists(bureau: Bureau) -> None:
    """Punctuation, symbols, numbers such as ①, function words and spaces are no words: such a query is a mistake,
    and answering it with every document would hide that."""
    made = [
        bureau.put_out("区人社局召开党风廉政建设工作会议", "会议传达学习了有关文件精神。", on=date(2025, 1, 6)),
        bureau.put_out("关于第①批劳动保障法律宣传活动的通知", "活动共发放宣传资料三千余份。", on=date(2025, 2, 10)),
    ]
    listing = await bureau.find()
    assert ids_of(listing.hits) == made[::-1]
    nothing = ("的", "！！", "①", "①②③", "² ½", " ", "   ", "\u3000", "\t\n", "，。！？", "的 和 与", "——", "《》",
               "的、了、和", "【】（）", "😀", "\u200b")  # fmt: skip
    for query in nothing:
        for fields in ({}, {"column_id": "work"}, {"page": 2}):
            with pytest.raises(InvalidValue) as refused:
                await bureau.find(query, **fields)
            assert refused.value.field == "q", repr(query)
    assert await bureau.find("") == listing
    assert await bureau.ids("第①批") == [made[1]]


async def test_a_query_of_more_words_than_a_search_takes_is_refused_naming_q(bureau: Bureau) -> None:
    bureau.put_out("区人社局召开党风廉政建设工作会议", "会议传达学习了有关文件精神。")
    words = [f"w{n}" for n in range(MAX_QUERY_WORDS + 1)]
    assert await bureau.ids(" ".join(words[:MAX_QUERY_WORDS])) == []
    with pytest.raises(InvalidValue) as refused:
        await bureau.find(" ".join(words))
    assert refused.value.field == "q"
    assert await bureau.ids(" ".join(["会议"] * 100)) != []


# ---------------------------------------------------------------- rebuild


async def test_a_rebuild_finds_what_catching_up_found(gongkai: Gongkai, bureau: Bureau) -> None:
    bureau.put_out(
        "关于开展2025年职业技能培训补贴申领工作的通知",
        "对参加职业技能培训并取得证书的劳动者，按规定给予培训补贴。",
        on=date(2025, 1, 6),
    )
    bureau.put_out_policy(
        "关于做好2025年高校毕业生就业工作的通知",
        "为做好高校毕业生就业创业工作，现就有关事项通知如下。",
        ("一图读懂高校毕业生就业政策", "问：毕业生如何申领就业补贴？答：登录一网通办提交申请。"),
        on=date(2025, 2, 10),
    )
    corrected = bureau.put_out(
        "灵活就业人员社会保险补贴申领指南", "请到莘庄镇社区事务受理服务中心申领。", column_id="notices"
    )
    bureau.revise(corrected, "灵活就业人员社会保险补贴申领指南（更正）", "请到七宝镇社区事务受理服务中心申领。")
    bureau.clear(corrected, revision=2)
    bureau.publish(corrected, "notices", TODAY)
    withdrawn = bureau.put_out("社区就业服务站点位", "莘庄镇社区就业服务站：莘建路。", column_id="data")
    bureau.withdraw(withdrawn, "点位调整")
    bureau.revise(withdrawn, "社区就业服务站点位（调整后）", "七宝镇社区就业服务站：七莘路。")
    bureau.draft("失业保险金申领指南（征求意见稿）", "失业保险金申领条件及办理流程。")

    queries: list[dict[str, Any]] = [
        {},
        {"text": "补贴"},
        {"text": "就业"},
        {"text": "莘庄镇"},
        {"text": "七宝镇"},
        {"text": "高校毕业生", "kinds": (DocumentKind.INTERPRETATION,)},
        {"column_id": "notices"},
        {"column_id": "data"},
        {"text": "失业保险金"},
        {"published_from": date(2025, 2, 1), "page_size": 2},
    ]
    caught_up = [await bureau.find(**q) for q in queries]
    assert caught_up[0].total == 4

    position = await gongkai.publications.runner.rebuild()
    assert position == await gongkai.publication_store.position()
    assert [await bureau.find(**q) for q in queries] == caught_up
    await gongkai.publications.runner.rebuild()
    assert [await bureau.find(**q) for q in queries] == caught_up
