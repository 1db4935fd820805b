"""Every write that changes what the API shows leaves one outbox row in its own transaction,
and becomes the event each partner may see: never a draft, never a rolled-back edit."""

import json
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from accsm_portal.core.models import Document
from accsm_portal.core.services import record_set_publication
from accsm_portal.webhooks.models import OutboxEvent, WebhookDelivery
from accsm_portal.webhooks.services import outbox_dispatch
from meetings.services import meeting_set_publication
from tests.accounts import login
from tests.admin.test_import_export import (
    ACTIVITY_HEADERS,
    activity_row,
    confirm,
    import_url,
    upload,
    xlsx_file,
)
from tests.admin.test_roles import change_url, form_data
from tests.factories import (
    ActivityFactory,
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    PriorityAreaFactory,
    WorkPlanFactory,
    member_state,
)
from workplans.models import Activity

pytestmark = pytest.mark.django_db


def dispatched(subscription) -> list[dict]:
    outbox_dispatch()
    return [json.loads(d.body) for d in WebhookDelivery.objects.filter(subscription=subscription)]


@transaction.atomic
def edit_then_fail(meeting, title: str) -> None:
    """An editor's change whose transaction fails after the save: it is rolled back."""
    meeting.title_en = title
    meeting.save()
    raise RuntimeError("the editor's request failed")


def test_a_record_saved_ten_times_in_one_transaction_is_one_event(subscribe):
    subscription = subscribe()
    meeting = MeetingFactory()
    outbox_dispatch()

    with transaction.atomic():
        for n in range(10):
            meeting.title_en = f"Senior Officials' Meeting, version {n}"
            meeting.save()

    events = dispatched(subscription)
    assert [e["type"] for e in events] == ["meeting.created", "meeting.updated"]
    assert events[-1]["data"]["title"] == "Senior Officials' Meeting, version 9"


def test_a_rolled_back_edit_leaves_nothing_to_send(subscribe):
    subscription = subscribe()
    meeting = MeetingFactory()
    outbox_dispatch()
    before = OutboxEvent.objects.count()

    with pytest.raises(RuntimeError):
        edit_then_fail(meeting, "Never committed")

    assert OutboxEvent.objects.count() == before
    assert [e["type"] for e in dispatched(subscription)] == ["meeting.created"]


def test_an_edit_in_a_rolled_back_savepoint_is_forgotten_but_a_later_one_is_sent(subscribe):
    subscription = subscribe()
    meeting = MeetingFactory()
    outbox_dispatch()

    with transaction.atomic():
        with pytest.raises(RuntimeError):
            edit_then_fail(meeting, "Undone")
        meeting.title_en = "Kept"
        meeting.save()

    events = dispatched(subscription)
    assert [e["type"] for e in events] == ["meeting.created", "meeting.updated"]
    assert events[-1]["data"]["title"] == "Kept"


def test_a_draft_never_leaves_the_portal(subscribe):
    subscription = subscribe()

    draft = MeetingFactory(publication_state="draft", title_en="Draft agenda, not for partners")
    draft.title_en = "Still a draft"
    draft.save()
    draft.delete()

    assert dispatched(subscription) == []


def test_each_change_of_visibility_is_its_own_event(subscribe):
    subscription = subscribe()
    meeting = MeetingFactory(publication_state="draft")
    uid = str(meeting.uid)
    outbox_dispatch()  # the draft's creation: an earlier transaction than its publication

    meeting_set_publication(meeting=meeting, state="published")
    outbox_dispatch()
    meeting.refresh_from_db()
    meeting.city_en = "Vientiane"
    meeting.save()
    outbox_dispatch()
    meeting_set_publication(meeting=meeting, state="draft")
    outbox_dispatch()
    meeting_set_publication(meeting=meeting, state="published")
    outbox_dispatch()
    meeting.delete()

    events = dispatched(subscription)
    assert [e["type"] for e in events] == [
        "meeting.published",
        "meeting.updated",
        "meeting.unpublished",
        "meeting.published",
        "meeting.deleted",
    ]
    assert events[1]["data"]["city"] == "Vientiane"
    # A withdrawn record is announced by the tombstone the API lists, and nothing more.
    assert {k: v for k, v in events[2]["data"].items() if k != "at"} == {
        "type": "meeting",
        "id": uid,
        "reason": "unpublished",
    }
    assert events[4]["data"]["reason"] == "deleted"


def test_a_change_to_a_part_of_a_meeting_is_an_update_of_the_meeting(subscribe):
    subscription = subscribe()
    meeting = MeetingFactory()
    outbox_dispatch()

    AgendaItemFactory(meeting=meeting, title_en="Digital government")

    events = dispatched(subscription)
    assert [e["type"] for e in events] == ["meeting.created", "meeting.updated"]
    assert [item["title"] for item in events[-1]["data"]["agenda"]] == ["Digital government"]


def test_the_body_is_the_api_representation_in_the_subscription_language(
    subscribe, partner_token, client
):
    subscription = subscribe(language="vi")
    meeting = MeetingFactory(title_vi="Hội nghị Quan chức Cao cấp")

    event = dispatched(subscription)[0]

    api = client.get(
        f"/api/v1/meetings/{meeting.slug}/?lang=vi",
        HTTP_AUTHORIZATION=f"Bearer {ApiTokenText.of(partner_token)}",
        # Links in a webhook point at the portal's public address (SITE_URL).
        HTTP_HOST=urlsplit(settings.SITE_URL).netloc,
    )
    assert api.status_code == 200
    assert event["data"] == api.json()
    assert event["data"]["title"] == "Hội nghị Quan chức Cao cấp"


class ApiTokenText:
    """The partner's full token text: reissued here, since only its hash is stored."""

    @staticmethod
    def of(token) -> str:
        from accsm_portal.models import ApiToken

        _again, text = ApiToken.issue(user=token.user, name="test reader")
        return text


def test_all_languages_when_the_subscription_asks_for_them(subscribe):
    subscription = subscribe(language="all")
    MeetingFactory(title_en="SOM", title_lo="ກອງປະຊຸມ")

    data = dispatched(subscription)[0]["data"]

    assert data["title"] == {"en": "SOM", "km": None, "lo": "ກອງປະຊຸມ", "vi": None}


def test_a_delegate_document_reaches_the_partner_who_may_read_it_and_no_one_else(
    subscribe, partner_token
):
    partner = subscribe(record_types=["document"])
    document = DocumentFactory(access=Document.Access.SECRETARIAT)
    assert dispatched(partner) == []
    document.refresh_from_db()

    document.access = Document.Access.DELEGATES
    document.save()

    assert [e["type"] for e in dispatched(partner)] == ["document.published"]


def test_only_the_chosen_types_and_events_are_sent(subscribe):
    subscription = subscribe(record_types=["meeting"], events=["published"])
    meeting = MeetingFactory(publication_state="draft")
    DocumentFactory()
    outbox_dispatch()

    record_set_publication(record=meeting, state="published")
    outbox_dispatch()
    meeting.refresh_from_db()
    meeting.save()

    assert [e["type"] for e in dispatched(subscription)] == ["meeting.published"]


def test_dispatching_twice_makes_no_second_delivery(subscribe):
    subscription = subscribe()
    MeetingFactory()
    outbox_dispatch()
    OutboxEvent.objects.update(dispatched_at=None)  # as if the first run died before its end

    assert len(dispatched(subscription)) == 1


# -- Every write path of the admin leaves one outbox row ---------------------------------------
def admin_form_save(client, activity, work_plan) -> None:
    data = form_data(client.get(change_url(activity)))
    data["title_en"] = "Changed on the admin form"
    response = client.post(change_url(activity), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def spreadsheet_import(client, activity, work_plan) -> None:
    row = activity_row(work_plan, title="Changed by a spreadsheet")
    row[0] = str(activity.uid)  # the row updates the existing activity
    preview = upload(client, import_url(Activity), xlsx_file(ACTIVITY_HEADERS, [row]), "xlsx")
    assert confirm(client, Activity, preview).status_code == 302


def delete_in_the_admin(client, activity) -> None:
    client.post(reverse("admin:workplans_activity_delete", args=[activity.pk]), {"post": "yes"})


def history_restore(client, activity, work_plan) -> None:
    deleted = reverse("admin:workplans_activity_deleted")
    version = client.get(deleted).context["page_obj"].object_list[0]
    assert client.post(deleted, {"history_id": version.history_id}).status_code == 302


@pytest.mark.parametrize(
    ("prepare", "write"),
    [(None, admin_form_save), (None, spreadsheet_import), (delete_in_the_admin, history_restore)],
    ids=["admin form", "import", "history restore"],
)
def test_each_admin_write_path_leaves_one_outbox_row_for_the_record(
    client, secretariat_editor, cambodia, prepare, write
):
    # given a published activity with a co-lead country (a many-to-many change as well)
    plan = WorkPlanFactory(starts_year=2021, ends_year=2025)
    PriorityAreaFactory(work_plan=plan, track="accsm", number=3)
    activity = ActivityFactory(work_plan=plan, lead_country=cambodia)
    activity.co_lead_countries.set([member_state("LA", "Lao PDR")])
    login(client, secretariat_editor)
    if prepare is not None:
        prepare(client, activity)
    # What was written so far is sent: the transaction's batch is closed, as after a commit.
    outbox_dispatch()
    last = OutboxEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0

    # when the secretariat changes it through this path (one request, one transaction)
    write(client, activity, plan)

    # then exactly one outbox row is written, for the activity
    rows = OutboxEvent.objects.filter(pk__gt=last)
    assert [(r.model, r.object_uid) for r in rows] == [("workplans.activity", activity.uid)]
