"""The Content-Security-Policy in a real browser: Chromium reports no violation on a portal
page, the admin's tabbed change form, the export page and the API docs, and what those pages
do with JavaScript (language tabs, "Select all", Swagger UI) still works under it."""

import pytest
from django.urls import reverse

from tests.accounts import browser_sign_in
from tests.pages import build_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script (Playwright injects it outside the page's CSP) and keeps every
# violation the page reports, whatever the console shows.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def violations(page) -> list[str]:
    """CSP violations, from the securitypolicyviolation event and from the console."""
    found: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)

    def on_console(message):
        if "Content Security Policy" in message.text or "securitypolicyviolation" in message.text:
            found.append(message.text)

    page.on("console", on_console)
    return found


def reported(page, violations: list[str]) -> list[str]:
    return violations + page.evaluate("window.__cspViolations")


def sign_in(page, live_server, django_user_model, language: str = "en") -> None:
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "s3cret-pass!"
    )
    # Through the two-factor step too: its pages are under the same policy.
    browser_sign_in(page, live_server.url, user, "s3cret-pass!", language)
    page.wait_for_url(f"{live_server.url}/{language}/admin/")


def test_portal_pages_report_no_violation(page, live_server, violations):
    portal = build_portal(1)

    for path in ["/km/", "/en/workplans/", f"/vi/workplans/{portal.work_plan.slug}/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        assert reported(page, violations) == [], path

    # The progress bars set their width in a style attribute (style-src keeps 'unsafe-inline').
    page.goto(f"{live_server.url}/en/workplans/")
    assert page.locator(".progress-fill--computed").first.bounding_box()["width"] > 0


def test_tabbed_change_form_works_without_violations(
    page, live_server, django_user_model, violations
):
    # given a meeting with a Lao title, in the Lao admin
    portal = build_portal(1)
    meeting = portal.meetings[0]
    sign_in(page, live_server, django_user_model, "lo")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk]).replace("/en/", "/lo/")

    # when the editor opens its change form and picks the Khmer tab
    page.goto(f"{live_server.url}{url}")
    title_tabs = page.locator("#tab_id_title_en").locator("xpath=..")
    title_tabs.locator(".ui-tabs-nav a", has_text="ភាសាខ្មែរ").click()

    # then the tabs worked (jQuery UI and our scripts ran) and nothing was refused
    assert page.locator("#id_title_km").is_visible()
    assert page.locator("#id_title_km").input_value() == meeting.title_km
    assert not page.locator("#id_title_lo").is_visible()
    assert reported(page, violations) == []


def test_export_select_all_works_without_violations(
    page, live_server, django_user_model, violations
):
    build_portal(1)
    sign_in(page, live_server, django_user_model)
    page.goto(f"{live_server.url}{reverse('admin:meetings_meeting_export')}")
    boxes = page.locator('.selectable-field-export-row input[type="checkbox"]:visible')
    assert boxes.count() > 1

    page.locator("input.select-toggle").uncheck()
    assert [boxes.nth(i).is_checked() for i in range(boxes.count())] == [False] * boxes.count()
    page.locator("input.select-toggle").check()
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert reported(page, violations) == []


def test_swagger_ui_renders_the_api_without_violations(page, live_server, violations):
    build_portal(1)

    page.goto(f"{live_server.url}/api/v1/docs/")

    page.locator(".opblock-summary-path", has_text="/api/v1/meetings/").first.wait_for()
    assert reported(page, violations) == []
