"""Bad input in the admin: a clear, translated form error, status 200, nothing written."""

import pytest
from django.urls import reverse

from arcs.models import ThemePeriod
from meetings.models import Delegation, Meeting
from tests import factories
from tests.accounts import login
from workplans.models import Activity

pytestmark = pytest.mark.django_db


def add_url(model, language="km"):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    return url.replace("/en/", f"/{language}/", 1)


def errors_of(response) -> str:
    form = response.context["adminform"].form
    texts = [str(e) for errors in form.errors.values() for e in errors]
    for inline in response.context.get("inline_admin_formsets", []):
        texts += [
            str(e) for errors in inline.formset.errors for field in errors.values() for e in field
        ]
        texts += [str(e) for e in inline.formset.non_form_errors()]
    return " ".join(texts)


def test_a_meeting_ending_before_it_starts_is_refused_in_khmer(client, secretariat_editor):
    series = factories.SeriesFactory()
    login(client, secretariat_editor)
    data = {
        "series": series.pk,
        "kind": "som",
        "title_en": "SOM",
        "starts_on": "10/04/2021",
        "ends_on": "08/04/2021",
        "date_precision": "day",
        "mode": "video",
        "status": "held",
        "original_language": "en",
    }

    response = client.post(add_url(Meeting), data)

    assert response.status_code == 200
    assert "កិច្ចប្រជុំត្រូវបញ្ចប់" in errors_of(response), errors_of(response)
    assert not Meeting.objects.exists()


def test_a_date_known_to_the_month_must_be_the_first_in_lao(client, secretariat_editor):
    series = factories.SeriesFactory()
    login(client, secretariat_editor)
    data = {
        "series": series.pk,
        "kind": "som",
        "title_en": "SOM",
        "starts_on": "15/10/2009",
        "date_precision": "month",
        "mode": "in_person",
        "status": "held",
        "original_language": "en",
    }

    response = client.post(add_url(Meeting, "lo"), data)

    assert response.status_code == 200
    assert "ຕ້ອງບັນທຶກເປັນວັນທີ 1" in errors_of(response), errors_of(response)
    assert not Meeting.objects.exists()


def test_more_women_than_delegates_is_refused(client, secretariat_editor, cambodia):
    meeting = factories.MeetingFactory()
    login(client, secretariat_editor)
    data = {
        "meeting": meeting.pk,
        "country": cambodia.pk,
        "size": "5",
        "women": "14",
        "original_language": "en",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
    }

    response = client.post(add_url(Delegation), data)

    assert response.status_code == 200
    assert "ស្ត្រី" in errors_of(response), errors_of(response)
    assert not Delegation.objects.exists()


def test_a_plus_three_country_cannot_lead_an_activity(client, secretariat_editor):
    work_plan = factories.WorkPlanFactory()
    japan = factories.CountryFactory(code="JP", name_en="Japan", standing="plus_three")
    login(client, secretariat_editor)
    data = {
        "work_plan": work_plan.pk,
        "track": "accsm",
        "title_en": "Workshop",
        "lead_country": japan.pk,
        "status": "planned",
        "date_precision": "day",
        "original_language": "en",
    }

    response = client.post(add_url(Activity), data)

    assert response.status_code == 200
    assert "រដ្ឋសមាជិក" in errors_of(response), errors_of(response)
    assert not Activity.objects.exists()


def test_a_plus_three_co_lead_on_an_accsm_activity_is_a_form_error(
    client, secretariat_editor, cambodia
):
    work_plan = factories.WorkPlanFactory()
    japan = factories.CountryFactory(code="JP", name_en="Japan", standing="plus_three")
    login(client, secretariat_editor)
    data = {
        "work_plan": work_plan.pk,
        "track": "accsm",
        "title_en": "Workshop",
        "lead_country": cambodia.pk,
        "co_lead_countries": [japan.pk],
        "status": "planned",
        "date_precision": "day",
        "original_language": "en",
    }

    response = client.post(add_url(Activity), data)

    assert response.status_code == 200
    assert "co_lead_countries" in response.context["adminform"].form.errors
    assert not Activity.objects.exists()


def test_an_overlapping_theme_period_is_refused_and_the_arc_unchanged(
    client, secretariat_editor, cambodia
):
    centre = factories.ResourceCentreFactory(country=cambodia)
    factories.ThemePeriodFactory(centre=centre, starts_on="2015-01-01", ends_on=None)
    login(client, secretariat_editor)
    data = {
        "centre": centre.pk,
        "theme_en": "Civil service reform",
        "starts_on": "01/05/2017",
        "date_precision": "month",
        "original_language": "en",
    }

    response = client.post(add_url(ThemePeriod), data)

    assert response.status_code == 200
    assert "ត្រួតលើប្រធានបទ" in errors_of(response), errors_of(response)
    assert ThemePeriod.objects.count() == 1


def test_a_record_without_text_in_its_original_language_is_refused(client, secretariat_editor):
    series = factories.SeriesFactory()
    login(client, secretariat_editor)
    data = {
        "series": series.pk,
        "kind": "som",
        "title_en": "Only English",
        "starts_on": "08/04/2021",
        "date_precision": "day",
        "mode": "video",
        "status": "held",
        "original_language": "lo",
    }

    response = client.post(add_url(Meeting), data)

    assert response.status_code == 200
    assert "title_lo" in response.context["adminform"].form.errors
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "?starts_on__gte=not-a-date",
        "?o=99",
        "?missing_in=xx",
        "?q=%00%ff",
        "?series__id__exact=abc",
        "?p=9999",
    ],
)
def test_odd_list_parameters_never_give_a_server_error(client, secretariat_editor, query):
    factories.MeetingFactory()
    login(client, secretariat_editor)

    response = client.get(reverse("admin:meetings_meeting_changelist") + query)

    assert response.status_code in {200, 302}


def test_an_unknown_record_or_history_entry_is_a_404(client, secretariat_editor):
    meeting = factories.MeetingFactory()
    login(client, secretariat_editor)
    preview = reverse("admin:meetings_meeting_preview", args=[999999])
    history = reverse("admin:meetings_meeting_simple_history", args=[meeting.pk, 999999])

    assert client.get(preview).status_code == 404
    assert client.get(history).status_code == 404
    assert client.get(history.replace("999999", "abc")).status_code == 404
    deleted = reverse("admin:meetings_meeting_deleted")
    assert client.post(deleted, {"history_id": "abc"}).status_code == 302
