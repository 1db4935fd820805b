"""A small, complete portal built from the factories, shared by the page and browser tests.

`build_portal(size)` creates the ten member states, a chairmanship, `size` meetings with their
agenda, delegations, outcomes, action items, documents (one of them for delegates only) and
sources, a work plan with areas, activities and reported progress, and an ARC per member state
with its theme history. Some text exists only in English or only in Lao, so every page has a
fallback to show. Building at two sizes proves that a page's query count does not grow.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accsm_portal.core.models import Citation, Country, Document
from tests.factories import (
    ActionItemFactory,
    ActivityFactory,
    AgendaItemFactory,
    CycleFactory,
    DelegationFactory,
    DelegationMemberFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    OrganisationFactory,
    OutcomeFactory,
    PersonFactory,
    PriorityAreaFactory,
    ProgressReportFactory,
    ResourceCentreFactory,
    SeriesFactory,
    SourceFactory,
    ThemePeriodFactory,
    WorkPlanFactory,
)
from workplans.models import Activity, Track, WorkPlan

# ASEAN order (alphabetical by English name), with the names the portal shows.
MEMBER_STATES = [
    ("BN", "Brunei Darussalam", "ព្រុយណេដារូសាឡាម", "ບຣູໄນດາຣຸສະລາມ", "Bru-nây"),
    ("KH", "Cambodia", "កម្ពុជា", "ກຳປູເຈຍ", "Campuchia"),
    ("ID", "Indonesia", "ឥណ្ឌូណេស៊ី", "ອິນໂດເນເຊຍ", "In-đô-nê-xi-a"),
    ("LA", "Lao PDR", "សាធារណរដ្ឋប្រជាធិបតេយ្យប្រជាមានិតឡាវ", "ສປປ ລາວ", "Lào"),
    ("MY", "Malaysia", "ម៉ាឡេស៊ី", "ມາເລເຊຍ", "Ma-lai-xi-a"),
    ("MM", "Myanmar", "មីយ៉ាន់ម៉ា", "ມຽນມາ", "Mi-an-ma"),
    ("PH", "Philippines", "ហ្វីលីពីន", "ຟີລິບປິນ", "Phi-líp-pin"),
    ("SG", "Singapore", "សិង្ហបុរី", "ສິງກະໂປ", "Xin-ga-po"),
    ("TH", "Thailand", "ថៃ", "ໄທ", "Thái Lan"),
    ("VN", "Viet Nam", "វៀតណាម", "ຫວຽດນາມ", "Việt Nam"),
]

# A title that exists only in English: on km/lo/vi pages it is shown with the fallback note.
ENGLISH_ONLY_TITLE = "Workshop on public service innovation"
# A title written in Lao only (its original language).
LAO_ONLY_TITLE = "ກອງປະຊຸມສຳມະນາກ່ຽວກັບການຮຽນຮູ້ທາງໄກ"


@dataclass
class Portal:
    states: dict[str, Country]
    meetings: list = field(default_factory=list)
    work_plan: WorkPlan | None = None
    public_document: Document | None = None
    restricted_document: Document | None = None
    english_only_activity: Activity | None = None
    lao_only_activity: Activity | None = None
    centres: list = field(default_factory=list)


def member_states() -> dict[str, Country]:
    states = {}
    for code, en, km, lo, vi in MEMBER_STATES:
        states[code] = Country.objects.update_or_create(
            code=code,
            defaults={
                "name_en": en,
                "name_km": km,
                "name_lo": lo,
                "name_vi": vi,
                "standing": Country.Standing.MEMBER_STATE,
                "publication_state": "published",
            },
        )[0]
    return states


def cite(record, source, note: str = "") -> Citation:
    return Citation.objects.create(
        source=source,
        content_type=ContentType.objects.get_for_model(type(record)),
        object_uid=record.uid,
        note_en=note,
    )


def build_portal(size: int = 2, *, today: datetime.date | None = None) -> Portal:
    """Everything the portal's pages show, with `size` meetings, documents and activities."""
    # The same "today" as the views: the portal's time zone, not the machine's.
    today = today or timezone.localdate()
    states = member_states()
    portal = Portal(states=states)
    ministry = OrganisationFactory(
        name_en="Ministry of Home Affairs",
        name_km="ក្រសួងមហាផ្ទៃ",
        name_lo="ກະຊວງພາຍໃນ",
        name_vi="Bộ Nội vụ",
        country=states["VN"],
    )
    series = SeriesFactory(
        name_en="ASEAN Cooperation on Civil Service Matters",
        name_km="កិច្ចសហប្រតិបត្តិការអាស៊ានលើវិស័យមុខងារសាធារណៈ",
        name_lo="ການຮ່ວມມືອາຊຽນກ່ຽວກັບວຽກງານລັດຖະກອນ",
        name_vi="Hợp tác ASEAN về các vấn đề công vụ",
        acronym_en="ACCSM",
    )
    cycle = CycleFactory(
        series=series,
        number=21,
        chair_country=states["VN"],
        chair_organisation=ministry,
        starts_year=2021,
        ends_year=2022,
    )
    source = SourceFactory(
        title_en="The 21st ACCSM opens",
        title_km="ការបើកកិច្ចប្រជុំ ACCSM លើកទី២១",
        title_lo="ເປີດກອງປະຊຸມ ACCSM ຄັ້ງທີ 21",
        title_vi="Khai mạc ACCSM lần thứ 21",
        published_on=datetime.date(2021, 4, 8),
        text="Full text of the article.",
    )
    chair = PersonFactory(name_en="Nguyen Van A", name_vi="Nguyễn Văn A", honorific_en="H.E.")
    for i in range(size):
        public = DocumentFactory(
            title_en=f"Joint Statement {i}",
            title_km=f"សេចក្តីថ្លែងការណ៍រួម {i}",
            title_lo=f"ຖະແຫຼງການຮ່ວມ {i}",
            title_vi=f"Tuyên bố chung {i}",
            slug=f"joint-statement-{i}",
        )
        DocumentFileFactory(document=public, language="en")
        DocumentFileFactory(document=public, language="vi", url="https://example.org/vi.pdf")
        restricted = DocumentFactory(
            title_en=f"Draft minutes {i}",
            title_km=f"សេចក្តីព្រាងកំណត់ហេតុ {i}",
            title_lo=f"ຮ່າງບົດບັນທຶກ {i}",
            title_vi=f"Dự thảo biên bản {i}",
            slug=f"draft-minutes-{i}",
            access=Document.Access.DELEGATES,
            kind=Document.Kind.MINUTES,
        )
        DocumentFileFactory(document=restricted, language="en")
        if i == 0:
            portal.public_document, portal.restricted_document = public, restricted
        # Half the meetings lie ahead, so the home page has upcoming and recent meetings.
        starts = today + datetime.timedelta(days=30 * (i + 1) * (1 if i % 2 else -1))
        meeting = MeetingFactory(
            series=series,
            cycle=cycle,
            number=21 + i,
            title_en=f"Senior Officials' Meeting of the {21 + i}th ACCSM",
            title_km=f"កិច្ចប្រជុំមន្ត្រីជាន់ខ្ពស់ ACCSM លើកទី{21 + i}",
            title_lo=f"ກອງປະຊຸມເຈົ້າໜ້າທີ່ອາວຸໂສ ACCSM ຄັ້ງທີ {21 + i}",
            title_vi=f"Hội nghị Quan chức cấp cao ACCSM lần thứ {21 + i}",
            summary_en="The meeting reviewed the work plan.",
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=1),
            host_country=states["VN"],
            host_organisation=ministry,
            chair=chair,
        )
        portal.meetings.append(meeting)
        item = AgendaItemFactory(meeting=meeting, title_en="Work plan 2021-2025", order=1)
        item.documents.add(public, restricted)
        for code in ("KH", "LA"):
            delegation = DelegationFactory(meeting=meeting, country=states[code], size=14, women=5)
            DelegationMemberFactory(delegation=delegation)
        outcome = OutcomeFactory(
            meeting=meeting,
            text_en="The meeting adopted the joint statement.",
            text_vi="Hội nghị đã thông qua tuyên bố chung.",
        )
        outcome.documents.add(public)
        ActionItemFactory(
            outcome=outcome, responsible=ministry, due_is_inferred=True, due_on=starts
        )
        cite(meeting, source, "The article reports the meeting.")
    plan = WorkPlanFactory(
        title_en="ACCSM and ACCSM+3 Work Plan 2021-2025",
        title_km="ផែនការការងារ ACCSM និង ACCSM+3 ឆ្នាំ ២០២១-២០២៥",
        title_lo="ແຜນງານ ACCSM ແລະ ACCSM+3 ປີ 2021-2025",
        title_vi="Kế hoạch công tác ACCSM và ACCSM+3 giai đoạn 2021-2025",
        starts_year=2021,
        ends_year=2025,
        adopted_at=portal.meetings[0],
    )
    portal.work_plan = plan
    area = PriorityAreaFactory(work_plan=plan, track=Track.ACCSM, number=1, title_en="Skills")
    PriorityAreaFactory(work_plan=plan, track=Track.PLUS_THREE, number=1, title_en="Delivery")
    statuses = [Activity.Status.COMPLETED, Activity.Status.ONGOING, Activity.Status.PLANNED]
    for i in range(size):
        ActivityFactory(
            work_plan=plan,
            priority_area=area,
            track=Track.ACCSM,
            title_en=f"Workshop on leadership {i}",
            title_km=f"សិក្ខាសាលាស្តីពីភាពជាអ្នកដឹកនាំ {i}",
            title_lo=f"ກອງປະຊຸມສຳມະນາກ່ຽວກັບການນຳພາ {i}",
            title_vi=f"Hội thảo về lãnh đạo {i}",
            lead_country=states["KH"],
            status=statuses[i % 3],
        )
    portal.english_only_activity = ActivityFactory(
        work_plan=plan, track=Track.ACCSM, title_en=ENGLISH_ONLY_TITLE, lead_country=states["LA"]
    )
    portal.lao_only_activity = ActivityFactory(
        work_plan=plan,
        track=Track.PLUS_THREE,
        original_language="lo",
        title_en="",
        title_lo=LAO_ONLY_TITLE,
        lead_country=states["LA"],
    )
    ProgressReportFactory(
        meeting=portal.meetings[0], work_plan=plan, track=Track.ACCSM, completed=5, planned=10
    )
    for code, country in list(states.items())[: max(size, 2)]:
        centre = ResourceCentreFactory(
            country=country,
            name_en=f"ASEAN Resource Centre of {country.name_en}",
            name_km=f"មជ្ឈមណ្ឌលធនធានអាស៊ាន {country.name_km}",
            name_lo=f"ສູນຊັບພະຍາກອນອາຊຽນ {country.name_lo}",
            name_vi=f"Trung tâm Tài nguyên ASEAN {country.name_vi}",
            slug=f"arc-{code.lower()}",
        )
        ThemePeriodFactory(
            centre=centre,
            theme_en="Civil service ethics",
            starts_on=datetime.date(2009, 1, 1),
            ends_on=datetime.date(2016, 12, 31),
            source=source,
        )
        ThemePeriodFactory(
            centre=centre, theme_en="Digital government", starts_on=datetime.date(2017, 5, 1)
        )
        portal.centres.append(centre)
    return portal
