"""Action item reminders on a frozen clock: due soon, overdue, never twice, in the recipient's
language, nothing for completed items; and the secretariat's weekly digest."""

import datetime

import pytest
import time_machine
from django.core import mail

from accsm_portal.core.models import UserPreference
from meetings.models import ActionItem, ActionItemReminder, OverdueDigest
from meetings.services import action_item_overdue_digest_send, action_item_reminders_send
from meetings.tasks import action_item_reminders_send_task
from tests.accounts import login
from tests.factories import ActionItemFactory, OrganisationFactory, member_state

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2024, 2, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def ministry(db):
    return OrganisationFactory(
        name_en="Ministry of Civil Service", country=member_state("LA", "Laos")
    )


@pytest.fixture
def officer(django_user_model, ministry):
    """A Lao civil servant responsible, through the ministry, for its action items."""
    user = django_user_model.objects.create_user(username="officer.la", email="officer@mocs.la")
    UserPreference.objects.create(user=user, organisation=ministry)
    return user


def item_due(ministry, days: int, **fields) -> ActionItem:
    texts = {
        "text_en": "Share the draft competency framework",
        "text_lo": "ແບ່ງປັນຮ່າງກອບສະມັດຕະພາບ",
        **fields,
    }
    return ActionItemFactory(
        responsible=ministry, due_on=TODAY.date() + datetime.timedelta(days=days), **texts
    )


@time_machine.travel(TODAY, tick=False)
def test_an_item_due_within_the_window_is_reminded_once(ministry, officer, settings):
    settings.REMINDERS_DUE_IN_DAYS = 7
    item = item_due(ministry, 5)
    item_due(ministry, 8)  # not yet

    first = action_item_reminders_send()
    # The task itself, run here: beat may fire it again the same day and it must send nothing.
    second = action_item_reminders_send_task.apply().get(timeout=30)

    assert first == {"due": 1, "overdue": 0}
    assert second == {"due": 0, "overdue": 0}
    [message] = mail.outbox
    assert message.to == ["officer@mocs.la"]
    [reminder] = ActionItemReminder.objects.all()
    assert (reminder.action_item, reminder.kind, reminder.recipient) == (item, "due", officer)
    assert f"{settings.SITE_URL}/lo/meetings/{item.outcome.meeting.slug}/" in message.body


@time_machine.travel(TODAY, tick=False)
def test_an_overdue_item_is_reminded_once_more_after_its_due_reminder(ministry, officer):
    item = item_due(ministry, 3)
    action_item_reminders_send()

    with time_machine.travel(TODAY + datetime.timedelta(days=4), tick=False):
        sent = action_item_reminders_send()
        again = action_item_reminders_send()

    assert sent == {"due": 0, "overdue": 1}
    assert again == {"due": 0, "overdue": 0}
    assert list(item.reminders.values_list("kind", flat=True)) == ["due", "overdue"]
    assert len(mail.outbox) == 2


@time_machine.travel(TODAY, tick=False)
def test_a_run_that_comes_late_still_reminds_an_item_already_overdue(ministry, officer):
    item_due(ministry, -10)

    assert action_item_reminders_send() == {"due": 0, "overdue": 1}
    # In Lao, the language of the ministry's country: "... and is not done yet".
    assert "ຍັງບໍ່ທັນສຳເລັດ" in mail.outbox[0].body


@time_machine.travel(TODAY, tick=False)
def test_the_reminder_is_in_the_language_of_the_organisations_country(ministry, officer):
    item_due(ministry, 2)

    action_item_reminders_send()

    [message] = mail.outbox
    assert message.subject.startswith("ວຽກທີ່ຕ້ອງປະຕິບັດກຳນົດວັນທີ")
    assert "ແບ່ງປັນຮ່າງກອບສະມັດຕະພາບ" in message.subject
    assert ActionItemReminder.objects.get().language == "lo"


@time_machine.travel(TODAY, tick=False)
def test_a_chosen_language_comes_before_the_countrys(ministry, officer):
    officer.preference.language = "en"
    officer.preference.save()
    item_due(ministry, 2)

    action_item_reminders_send()

    assert mail.outbox[0].subject.startswith("Action item due on")
    assert "Share the draft competency framework" in mail.outbox[0].subject


@time_machine.travel(TODAY, tick=False)
def test_nothing_is_sent_for_done_or_cancelled_items(ministry, officer):
    item_due(ministry, 2, status=ActionItem.Status.DONE, completed_on=TODAY.date())
    item_due(ministry, -2, status=ActionItem.Status.CANCELLED)

    assert action_item_reminders_send() == {"due": 0, "overdue": 0}
    assert mail.outbox == []


@time_machine.travel(TODAY, tick=False)
def test_the_weekly_digest_lists_what_is_overdue_once_a_week(ministry, officer, settings):
    settings.REMINDERS_SECRETARIAT_EMAILS = ["secretariat@asean.org"]
    item_due(ministry, -3, text_en="Circulate the survey")
    item_due(ministry, 3, text_en="Not overdue")

    digest = action_item_overdue_digest_send()
    again = action_item_overdue_digest_send()

    assert again is None
    assert digest.item_count == 1
    assert OverdueDigest.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["secretariat@asean.org"]
    assert "Circulate the survey" in message.body
    assert "Not overdue" not in message.body


def test_the_admin_shows_the_reminders_on_the_action_item(client, admin_user, ministry, officer):
    login(client, admin_user)
    with time_machine.travel(TODAY, tick=False):
        item = item_due(ministry, 1)
        action_item_reminders_send()

    page = client.get(f"/en/admin/meetings/actionitem/{item.pk}/change/")

    assert page.status_code == 200
    assert "officer@mocs.la" in page.content.decode()
