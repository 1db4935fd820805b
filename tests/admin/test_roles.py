"""Each role's allowed and refused actions in the admin, as stories."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accsm_portal.core.roles import (
    FOCAL_POINT,
    PUBLISH_PERMISSION,
    ROLE_PERMISSIONS,
    SECRETARIAT_EDITOR,
    VIEWER,
)
from meetings.models import Delegation, Meeting
from tests import factories
from tests.accounts import login
from workplans.models import Activity

pytestmark = pytest.mark.django_db


def change_url(obj, language="en"):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return url.replace("/en/", f"/{language}/", 1)


def changelist_url(model, language="en"):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist").replace(
        "/en/", f"/{language}/", 1
    )


def _posted(data: dict, key: str, value) -> None:
    """Put a form value into POST data the way a browser sends it."""
    if value is None:
        return
    if isinstance(value, list | tuple):
        data[key] = [getattr(v, "pk", v) for v in value]
    elif isinstance(value, bool):
        if value:
            data[key] = "on"
    else:
        data[key] = getattr(value, "pk", value)


def form_data(response) -> dict:
    """The change form as the browser would post it back unchanged (fields and inlines)."""
    data: dict = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        _posted(data, name, form.initial.get(name, field.initial))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for subform in formset.forms:
            for name, field in subform.fields.items():
                _posted(data, f"{subform.prefix}-{name}", subform.initial.get(name, field.initial))
    return data


def test_roles_are_groups_with_the_permissions_they_need():
    editor = {p.codename for p in Group.objects.get(name=SECRETARIAT_EDITOR).permissions.all()}
    assert {"publish_records", "delete_meeting", "add_activity"} <= editor
    translator = Group.objects.get(name="translator_lo").permissions.values_list(
        "codename", flat=True
    )
    assert "change_meeting" in translator
    assert not {"add_meeting", "delete_meeting", "publish_records"} & set(translator)
    focal = ROLE_PERMISSIONS[FOCAL_POINT]
    assert "workplans.change_activity" in focal
    assert PUBLISH_PERMISSION not in focal
    assert "meetings.change_meeting" not in focal
    assert all(label.split(".")[1].startswith("view_") for label in ROLE_PERMISSIONS[VIEWER])


# ----- secretariat editor ------------------------------------------------------------------


def test_secretariat_editor_edits_and_publishes_a_meeting_with_its_parts(
    client, secretariat_editor
):
    meeting = factories.MeetingFactory(publication_state="draft")
    item = factories.AgendaItemFactory(meeting=meeting, publication_state="draft")
    login(client, secretariat_editor)

    response = client.post(
        changelist_url(Meeting),
        {"action": "publish_selected", "_selected_action": [meeting.pk]},
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert meeting.is_published
    assert item.is_published
    assert meeting.history.first().history_user == secretariat_editor


def test_secretariat_editor_changes_the_publication_state_on_the_form(client, secretariat_editor):
    meeting = factories.MeetingFactory(publication_state="draft")
    item = factories.AgendaItemFactory(meeting=meeting, publication_state="draft")
    login(client, secretariat_editor)
    data = form_data(client.get(change_url(meeting)))
    data["publication_state"] = "published"

    response = client.post(change_url(meeting), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert meeting.is_published
    assert item.is_published  # the service publishes the parts with the meeting


# ----- translator --------------------------------------------------------------------------


def test_lao_translator_edits_the_lao_title_of_any_record(client, lao_translator):
    meeting = factories.MeetingFactory(title_en="21st ACCSM", publication_state="draft")
    login(client, lao_translator)
    data = form_data(client.get(change_url(meeting, "lo")))
    data["title_lo"] = "ກອງປະຊຸມ ACCSM ຄັ້ງທີ 21"

    response = client.post(change_url(meeting, "lo"), data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title_lo == "ກອງປະຊຸມ ACCSM ຄັ້ງທີ 21"


def test_lao_translator_cannot_change_another_language_or_publish(client, lao_translator):
    meeting = factories.MeetingFactory(title_en="21st ACCSM", publication_state="draft")
    login(client, lao_translator)
    page = client.get(change_url(meeting, "lo"))
    form = page.context["adminform"].form
    assert "title_lo" in form.fields
    assert "title_en" not in form.fields
    assert "publication_state" not in form.fields
    data = form_data(page)
    data.update(
        {
            "title_lo": "ກອງປະຊຸມ",
            "title_en": "Changed by the translator",
            "title_km": "ផ្លាស់ប្តូរ",
            "publication_state": "published",
            "starts_on": "2030-01-01",
        }
    )

    client.post(change_url(meeting, "lo"), data)

    meeting.refresh_from_db()
    assert meeting.title_lo == "ກອງປະຊຸມ"
    assert meeting.title_en == "21st ACCSM"
    assert not meeting.title_km
    assert meeting.publication_state == "draft"
    assert str(meeting.starts_on) == "2021-04-08"


def test_lao_translator_cannot_delete_add_or_run_the_publish_action(client, lao_translator):
    meeting = factories.MeetingFactory(publication_state="draft")
    login(client, lao_translator)
    delete_url = change_url(meeting).replace("/change/", "/delete/")

    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert (
        client.get(changelist_url(Meeting).replace("/meeting/", "/meeting/add/")).status_code == 403
    )
    response = client.post(
        changelist_url(Meeting), {"action": "publish_selected", "_selected_action": [meeting.pk]}
    )
    assert Meeting.objects.filter(pk=meeting.pk, publication_state="draft").exists()
    assert response.status_code in {200, 302}


def test_lao_translator_edits_only_lao_in_inline_parts(client, lao_translator):
    meeting = factories.MeetingFactory()
    item = factories.AgendaItemFactory(meeting=meeting, title_en="Opening")
    login(client, lao_translator)
    page = client.get(change_url(meeting, "lo"))
    data = form_data(page)
    prefix = next(
        i.formset.prefix
        for i in page.context["inline_admin_formsets"]
        if i.formset.model is type(item)
    )
    data[f"{prefix}-0-title_lo"] = "ເປີດກອງປະຊຸມ"
    data[f"{prefix}-0-title_en"] = "Changed"

    response = client.post(change_url(meeting, "lo"), data)

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title_lo, item.title_en) == ("ເປີດກອງປະຊຸມ", "Opening")


# ----- focal point ------------------------------------------------------------------------


def test_cambodian_focal_point_edits_cambodias_delegation(client, cambodian_focal_point, cambodia):
    delegation = factories.DelegationFactory(country=cambodia, size=10, women=3)
    login(client, cambodian_focal_point)
    data = form_data(client.get(change_url(delegation)))
    data["women"] = "4"

    response = client.post(change_url(delegation), data)

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.women == 4


def test_cambodian_focal_point_cannot_edit_another_countrys_delegation(
    client, cambodian_focal_point
):
    lao = factories.member_state("LA", "Lao PDR")
    delegation = factories.DelegationFactory(country=lao, size=14, women=5)
    login(client, cambodian_focal_point)
    page = client.get(change_url(delegation))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    data = form_data(page) | {"women": "1", "size": "14", "meeting": delegation.meeting_id}

    response = client.post(change_url(delegation), data)

    assert response.status_code == 403
    delegation.refresh_from_db()
    assert delegation.women == 5


def test_cambodian_focal_point_adds_an_activity_led_by_cambodia_only(
    client, cambodian_focal_point, cambodia
):
    work_plan = factories.WorkPlanFactory()
    lao = factories.member_state("LA", "Lao PDR")
    login(client, cambodian_focal_point)
    add_url = reverse("admin:workplans_activity_add")
    data = {
        "work_plan": work_plan.pk,
        "track": "accsm",
        "title_en": "Workshop on e-government",
        "status": "planned",
        "date_precision": "day",
        "original_language": "en",
        "lead_country": lao.pk,
    }

    refused = client.post(add_url, data)
    data["lead_country"] = cambodia.pk
    allowed = client.post(add_url, data)

    assert refused.status_code == 200
    assert "lead_country" in refused.context["adminform"].form.errors
    assert allowed.status_code == 302, allowed.context["adminform"].form.errors
    activity = Activity.objects.get()
    assert activity.lead_country == cambodia
    assert activity.publication_state == "draft"


def test_cambodian_focal_point_cannot_publish(client, cambodian_focal_point, cambodia):
    activity = factories.ActivityFactory(lead_country=cambodia, publication_state="draft")
    login(client, cambodian_focal_point)
    page = client.get(change_url(activity))
    assert "publication_state" not in page.context["adminform"].form.fields
    data = form_data(page) | {"publication_state": "published"}

    client.post(change_url(activity), data)
    client.post(
        changelist_url(Activity),
        {"action": "publish_selected", "_selected_action": [activity.pk]},
    )

    activity.refresh_from_db()
    assert activity.publication_state == "draft"


def test_cambodian_focal_point_cannot_change_a_meeting(client, cambodian_focal_point, cambodia):
    meeting = factories.MeetingFactory(host_country=cambodia, title_en="Hosted by Cambodia")
    login(client, cambodian_focal_point)
    data = form_data(client.get(change_url(meeting))) | {"title_en": "Changed"}

    assert client.post(change_url(meeting), data).status_code == 403
    meeting.refresh_from_db()
    assert meeting.title_en == "Hosted by Cambodia"


# ----- viewer -----------------------------------------------------------------------------


def test_viewer_reads_the_admin(client, viewer):
    meeting = factories.MeetingFactory()
    login(client, viewer)

    assert client.get(changelist_url(Meeting, "km")).status_code == 200
    page = client.get(change_url(meeting, "km"))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]


def test_viewer_changes_nothing(client, viewer):
    meeting = factories.MeetingFactory(title_en="As recorded", publication_state="draft")
    delegation = factories.DelegationFactory(meeting=meeting)
    login(client, viewer)

    edit = client.post(change_url(meeting), {"title_en": "Changed"})
    delete = client.post(change_url(delegation).replace("/change/", "/delete/"), {"post": "yes"})
    client.post(
        changelist_url(Meeting), {"action": "publish_selected", "_selected_action": [meeting.pk]}
    )

    assert edit.status_code == 403
    assert delete.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title_en == "As recorded"
    assert meeting.publication_state == "draft"
    assert Delegation.objects.filter(pk=delegation.pk).exists()


def test_secretariat_editor_does_not_manage_accounts_or_roles(client, secretariat_editor):
    login(client, secretariat_editor)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_cambodian_focal_point_revises_the_theme_of_cambodias_arc_only(
    client, cambodian_focal_point, cambodia
):
    own = factories.ResourceCentreFactory(country=cambodia)
    other = factories.ResourceCentreFactory(country=factories.member_state("LA", "Lao PDR"))
    login(client, cambodian_focal_point)
    add_url = reverse("admin:arcs_themeperiod_add")
    data = {
        "theme_en": "Leadership development",
        "starts_on": "2017-05-01",
        "date_precision": "month",
        "original_language": "en",
    }

    refused = client.post(add_url, data | {"centre": other.pk})
    allowed = client.post(add_url, data | {"centre": own.pk})

    assert refused.status_code == 200
    assert "centre" in refused.context["adminform"].form.errors
    assert allowed.status_code == 302, allowed.context["adminform"].form.errors
    assert list(own.theme_periods.values_list("theme_en", flat=True)) == ["Leadership development"]
    assert not other.theme_periods.exists()
