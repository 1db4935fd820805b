"""Every admin page of every record kind opens for the secretariat, in Khmer and Lao, with
the admin's own words translated and the language tabs served from the portal itself."""

import datetime
import re

import pytest
from django.contrib import admin
from django.urls import reverse

from accsm_portal.core.models import FocalPoint, ImportJob, TranslationReview
from accsm_portal.models import ApiToken
from tests import factories
from tests.accounts import login

pytestmark = pytest.mark.django_db

LANGUAGES = ["km", "lo"]

# English words of the admin's frame that must never show in /km/ or /lo/.
ENGLISH_CHROME = [
    "Save and add another",
    "Save and continue editing",
    "Change history",
    "Filter",
    "Select all",
    "Welcome,",
    "Log out",
    "Add another",
    "Deleted records",
    "Missing in",
    "Translations:",
    "Preview",
    "Publish selected records",
    "Django administration",
    "Import",
    "Export",
    "Format",
]


def record_of_every_kind():
    """One record of each registered model, built by the factories."""
    meeting = factories.MeetingFactory()
    outcome = factories.OutcomeFactory(meeting=meeting)
    delegation = factories.DelegationFactory(meeting=meeting)
    work_plan = factories.WorkPlanFactory()
    area = factories.PriorityAreaFactory(work_plan=work_plan)
    centre = factories.ResourceCentreFactory()
    document = factories.DocumentFactory()
    source = factories.SourceFactory()
    person = factories.PersonFactory()
    from django.contrib.contenttypes.models import ContentType

    from accsm_portal.core.models import Citation

    return [
        meeting,
        meeting.series,
        factories.CycleFactory(series=meeting.series),
        factories.HandoverFactory(),
        factories.AgendaItemFactory(meeting=meeting),
        delegation,
        factories.DelegationMemberFactory(delegation=delegation),
        outcome,
        factories.ActionItemFactory(outcome=outcome),
        work_plan,
        area,
        factories.ActivityFactory(work_plan=work_plan, priority_area=area),
        factories.ProgressReportFactory(work_plan=work_plan),
        centre,
        factories.ThemePeriodFactory(centre=centre),
        factories.SelfAssessmentFactory(centre=centre),
        document,
        factories.DocumentFileFactory(document=document),
        source,
        person,
        factories.PositionFactory(person=person),
        factories.OrganisationFactory(),
        factories.CountryFactory(),
        Citation.objects.create(
            source=source,
            content_type=ContentType.objects.get_for_model(meeting),
            object_uid=meeting.uid,
        ),
        TranslationReview.objects.create(
            content_type=ContentType.objects.get_for_model(meeting),
            object_id=meeting.pk,
            language="lo",
        ),
    ]


def log_records():
    """One of each kind the secretariat reads but does not write by hand: partner tokens,
    webhook subscriptions and deliveries, the weekly digest, account preferences."""
    from django.contrib.auth import get_user_model

    from accsm_portal.core.models import UserPreference
    from accsm_portal.models import ApiToken
    from accsm_portal.webhooks.models import WebhookDelivery, WebhookSubscription
    from meetings.models import OverdueDigest

    partner = get_user_model().objects.create_user(username="partner.pages")
    token, _text = ApiToken.issue(user=partner, name="Mirror")
    subscription = WebhookSubscription.objects.create(
        token=token,
        name="Mirror",
        target_url="https://partner.example/hooks",
        record_types=["meeting"],
        events=["published"],
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event_type="meeting.published", body="{}"
    )
    digest = OverdueDigest.objects.create(
        week_of=datetime.date(2024, 2, 5), item_count=0, recipients="secretariat@asean.org"
    )
    # A big import of the secretariat editor's (an editor sees only their own), checked, with
    # one row in error.
    import_job = ImportJob.objects.create(
        user=get_user_model().objects.get_or_create(username="editor.asec")[0],
        model="workplans.activity",
        resource="workplans.resources.ActivityResource",
        input_format="import_export.formats.base_formats.XLSX",
        file="imports/activities.xlsx",
        file_name="activities.xlsx",
        language="en",
        status=ImportJob.Status.INVALID,
        total=2,
        done=2,
        summary={"new": 1, "changed": 0, "unchanged": 0, "error": 1},
        rows=[
            {"row": 1, "type": "new", "record": "Workshop", "errors": []},
            {
                "row": 2,
                "type": "error",
                "record": "",
                "errors": [{"column": "lead_country", "message": "No country has the code XX."}],
            },
        ],
    )
    return [
        token,
        subscription,
        delivery,
        digest,
        UserPreference.objects.create(user=partner),
        import_job,
    ]


# Written only by the portal itself (review marks: from the record lists): no "add" page.
WITHOUT_ADD = {
    "accsm_portal.apitoken",
    "webhooks.webhookdelivery",
    "meetings.overduedigest",
    "core.translationreview",
    "core.importjob",
}


def admin_urls(obj):
    opts = obj._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    urls = [
        reverse(f"{prefix}_changelist"),
        *([] if opts.label_lower in WITHOUT_ADD else [reverse(f"{prefix}_add")]),
        reverse(f"{prefix}_change", args=[obj.pk]),
        reverse(f"{prefix}_history", args=[obj.pk]),
    ]
    model_admin = admin.site._registry[type(obj)]
    if hasattr(model_admin, "preview_view"):
        # The preview itself is a portal page now (tests/portal/test_preview.py).
        urls += [reverse(f"{prefix}_deleted")]
    if hasattr(model_admin, "import_action"):
        urls += [reverse(f"{prefix}_import"), reverse(f"{prefix}_export")]
    return urls


def visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_admin_page_opens_translated_for_the_secretariat(
    client, secretariat_editor, language
):
    # API tokens are not the secretariat editors' (tests/admin/test_api_tokens.py walks them).
    records = [r for r in record_of_every_kind() + log_records() if not isinstance(r, ApiToken)]
    registered = {type(r) for r in records}
    # Accounts and their security records (login attempts, two-factor devices) are the
    # superusers' pages, not the secretariat's.
    accounts = {"auth", "axes", "otp_totp", "otp_static"}
    ours = {m for m in admin.site._registry if m._meta.app_label not in accounts}
    assert registered >= ours - {FocalPoint, ApiToken}
    login(client, secretariat_editor)
    every_app = [reverse("admin:index")] + [
        reverse("admin:app_list", args=[app])
        for app in ("core", "meetings", "workplans", "arcs", "webhooks")
    ]
    for url in every_app + [u for record in records for u in admin_urls(record)]:
        localized = url.replace("/en/", f"/{language}/", 1)
        response = client.get(localized)
        assert response.status_code == 200, localized
        text = visible_text(response.content.decode())
        for english in ENGLISH_CHROME:
            assert english not in text, f"{localized}: {english!r}"


def test_language_tabs_are_served_by_the_portal_and_named_in_their_own_language(
    client, secretariat_editor
):
    meeting = factories.MeetingFactory()
    login(client, secretariat_editor)

    response = client.get(
        reverse("admin:meetings_meeting_change", args=[meeting.pk]).replace("/en/", "/km/")
    )

    html = response.content.decode()
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert scripts
    assert all(src.startswith("/") and not src.startswith("//") for src in scripts)
    assert all(href.startswith("/") and not href.startswith("//") for href in styles)
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in scripts
    assert "/static/modeltranslation/js/tabbed_translation_fields.js" in scripts
    assert scripts.index("/static/admin/accsm/language_tabs.js") > scripts.index(
        "/static/modeltranslation/js/tabbed_translation_fields.js"
    )
    names = re.search(
        r'<script id="accsm-language-names" type="application/json">(.*?)</script>', html
    ).group(1)
    assert "\\u1797" in names or "ភាសាខ្មែរ" in names  # ភាសាខ្មែរ
    for column in ("title_en", "title_km", "title_lo", "title_vi"):
        assert f'name="{column}"' in html
    for static_url in scripts + styles:
        served = client.get(static_url)
        if served.streaming:
            # Reading the stream lets the test client close the file without ending the test's
            # database connection (closing the response by hand would).
            b"".join(served.streaming_content)
        assert served.status_code == 200, static_url
