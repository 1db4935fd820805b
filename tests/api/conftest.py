"""Fixtures of the API tests: clients as partners see them, and rates that never get in the way
(the throttling tests set their own)."""

import datetime

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def generous_rates(settings):
    """The whole suite runs from one address; real rates would throttle it. Tests of throttling
    lower them again."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100000/min",
            "user": "100000/min",
            "partner": "100000/min",
        },
    }


@pytest.fixture
def partner_token(partner_system) -> str:
    """The full text of an API token issued to the partner system."""
    from accsm_portal.models import ApiToken

    _token, text = ApiToken.issue(user=partner_system, name="ASEAN Secretariat records sync")
    return text


@pytest.fixture
def partner_client(partner_token) -> Client:
    """A partner system calling the API with its token."""
    return Client(headers={"Authorization": f"Bearer {partner_token}"})


SECRET = "DRAFT-SECRET"


@pytest.fixture
def world(db):
    """Published records of every type, each linked to drafts (and a restricted document) that
    must never show: the drafts' text contains SECRET, their uids are in `world["hidden"]`."""
    from tests import factories as f

    kh = f.member_state("KH", "Cambodia", name_km="កម្ពុជា")
    draft_country = f.CountryFactory(code="ZZ", name_en=f"{SECRET} land", publication_state="draft")
    ministry = f.OrganisationFactory(name_en="Ministry of Civil Service", country=kh)
    draft_org = f.OrganisationFactory(name_en=f"{SECRET} agency", publication_state="draft")
    person = f.PersonFactory(name_en="Yok Bunna")
    f.PositionFactory(person=person, organisation=ministry, title_en="Permanent Secretary")
    f.PositionFactory(person=person, organisation=draft_org, title_en="Adviser")
    draft_person = f.PersonFactory(name_en=f"{SECRET} person", publication_state="draft")
    source = f.SourceFactory(title_en="Vientiane Times article")
    draft_source = f.SourceFactory(title_en=f"{SECRET} source", publication_state="draft")
    public_doc = f.DocumentFactory(title_en="Joint Statement", author=ministry)
    delegates_doc = f.DocumentFactory(title_en="Delegates-only report", access="delegates")
    secret_doc = f.DocumentFactory(title_en=f"{SECRET} minutes", access="secretariat")
    draft_doc = f.DocumentFactory(
        title_en=f"{SECRET} declaration", publication_state="draft", initiated_by=kh
    )
    f.DocumentFileFactory(document=public_doc, language="en")
    f.DocumentFileFactory(
        document=public_doc,
        language="km",
        publication_state="draft",
        url="https://example.org/draft-secret.pdf",
    )

    series = f.SeriesFactory(name_en="ACCSM", acronym_en="ACCSM")
    draft_series = f.SeriesFactory(name_en=f"{SECRET} series", publication_state="draft")
    draft_parent = f.MeetingFactory(
        series=series,
        title_en=f"{SECRET} parent meeting",
        publication_state="draft",
        host_country=kh,
    )
    meeting = f.MeetingFactory(
        series=series,
        host_country=kh,
        title_en="21st ACCSM",
        chair=draft_person,
        host_organisation=draft_org,
        parent=draft_parent,
        title_km="កិច្ចប្រជុំ ACCSM លើកទី២១",
    )
    f.MeetingFactory(series=draft_series, host_country=kh, title_en="Meeting of a draft series")
    f.MeetingFactory(
        series=series,
        host_country=draft_country,
        title_en=f"{SECRET} meeting",
        publication_state="draft",
    )
    item = f.AgendaItemFactory(meeting=meeting, title_en="Work plan review")
    item.documents.set([public_doc, delegates_doc, secret_doc, draft_doc])
    f.AgendaItemFactory(meeting=meeting, title_en=f"{SECRET} item", publication_state="draft")
    delegation = f.DelegationFactory(meeting=meeting, country=kh, head=draft_person)
    f.DelegationMemberFactory(delegation=delegation, person=person, role_en="Member")
    f.DelegationMemberFactory(
        delegation=delegation,
        person=f.PersonFactory(),
        role_en=f"{SECRET} role",
        publication_state="draft",
    )
    f.DelegationFactory(
        meeting=meeting,
        country=draft_country,
        publication_state="draft",
        note_en=f"{SECRET} delegation",
    )
    outcome = f.OutcomeFactory(meeting=meeting, text_en="Adopted the work plan")
    f.ActionItemFactory(outcome=outcome, text_en="Circulate the report", responsible=draft_org)
    f.ActionItemFactory(outcome=outcome, text_en=f"{SECRET} action", publication_state="draft")
    f.OutcomeFactory(meeting=meeting, text_en=f"{SECRET} outcome", publication_state="draft")

    work_plan = f.WorkPlanFactory(document=draft_doc, adopted_at=draft_parent)
    area = f.PriorityAreaFactory(work_plan=work_plan, title_en="Public service delivery")
    draft_area = f.PriorityAreaFactory(
        work_plan=work_plan, title_en=f"{SECRET} area", publication_state="draft"
    )
    item.priority_areas.set([area, draft_area])
    activity = f.ActivityFactory(
        work_plan=work_plan,
        priority_area=area,
        lead_country=kh,
        title_en="E-government workshop",
        proposed_at=draft_parent,
    )
    activity.co_lead_countries.set([kh, draft_country])
    activity.partners.set([ministry, draft_org])
    activity.outputs.set([public_doc, delegates_doc, secret_doc, draft_doc])
    activity.reported_at.set([meeting, draft_parent])
    f.ActivityFactory(
        work_plan=work_plan,
        lead_country=kh,
        title_en=f"{SECRET} activity",
        publication_state="draft",
    )
    draft_plan = f.WorkPlanFactory(title_en=f"{SECRET} plan", publication_state="draft")
    hidden_area = f.PriorityAreaFactory(work_plan=draft_plan, title_en="Area of a draft plan")
    hidden_activity = f.ActivityFactory(
        work_plan=draft_plan, lead_country=kh, title_en="Activity of a draft plan"
    )
    outcome.activities.set([activity, hidden_activity])

    arc = f.ResourceCentreFactory(country=kh, host_organisation=draft_org)
    f.ThemePeriodFactory(
        centre=arc,
        theme_en="Civil service training",
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2017, 4, 30),
        source=draft_source,
    )
    f.ThemePeriodFactory(
        centre=arc,
        theme_en=f"{SECRET} theme",
        publication_state="draft",
        starts_on=datetime.date(2017, 5, 1),
    )
    f.SelfAssessmentFactory(centre=arc, year=2019, document=draft_doc)
    draft_arc = f.ResourceCentreFactory(
        country=f.CountryFactory(), name_en=f"{SECRET} ARC", publication_state="draft"
    )
    hidden = [
        draft_country,
        draft_org,
        draft_person,
        draft_source,
        secret_doc,
        draft_doc,
        draft_series,
        draft_parent,
        draft_area,
        draft_plan,
        draft_arc,
        hidden_area,
        hidden_activity,
    ]
    return {
        "kh": kh,
        "ministry": ministry,
        "person": person,
        "source": source,
        "public_doc": public_doc,
        "delegates_doc": delegates_doc,
        "meeting": meeting,
        "series": series,
        "work_plan": work_plan,
        "area": area,
        "activity": activity,
        "arc": arc,
        "draft_country": draft_country,
        "draft_org": draft_org,
        "draft_series": draft_series,
        "draft_doc": draft_doc,
        "draft_plan": draft_plan,
        "draft_arc": draft_arc,
        "draft_parent": draft_parent,
        "draft_area": draft_area,
        "hidden": hidden,
    }
