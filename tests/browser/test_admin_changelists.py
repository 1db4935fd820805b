"""Every changelist of the admin fits the screen in every language: at 1024 and 1280 px nothing
is cut off or hidden under the filter sidebar, long titles take at most two lines with the
whole text a hover away, and at phone width the page itself does not scroll sideways."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accsm_portal.core.services import seed_load
from accsm_portal.management.commands.seed import seed_fixture_paths
from tests import factories
from tests.accounts import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "km", "lo", "vi"]
DESKTOP_WIDTHS = [1024, 1280]
PHONE_WIDTH = 390

LONG_LAO_TITLE = (
    "ກອງປະຊຸມລັດຖະມົນຕີອາຊຽນກ່ຽວກັບວຽກງານລັດຖະກອນ ຄັ້ງທີ 21 ແລະ ກອງປະຊຸມທີ່ກ່ຽວຂ້ອງ "
    "ວ່າດ້ວຍການປະຕິຮູບການບໍລິຫານລັດ ແລະ ການພັດທະນາຊັບພະຍາກອນມະນຸດໃນຂະແໜງການພາກລັດ "
    "ເພື່ອປະຊາຄົມອາຊຽນທີ່ມີຄວາມເຂັ້ມແຂງ ແລະ ຍືນຍົງ"
)

# How the page measures itself: the document must not scroll sideways; the results table must
# fit its box (no hidden columns to scroll to) and end before the filter sidebar starts.
MEASURE = """() => {
  const doc = document.documentElement;
  const results = document.querySelector('#changelist-form .results');
  const table = document.querySelector('#result_list');
  const filter = document.querySelector('#changelist-filter');
  const cells = [...document.querySelectorAll('#result_list tbody .accsm-cell')]
    .filter(c => !c.closest('.field-translation_status, .field-publication_badge'));
  return {
    page: doc.scrollWidth - doc.clientWidth,
    results: results ? results.scrollWidth - results.clientWidth : 0,
    underFilter: (table && filter && getComputedStyle(filter).display !== 'none'
      && filter.getBoundingClientRect().top < table.getBoundingClientRect().bottom
      && filter.getBoundingClientRect().bottom > table.getBoundingClientRect().top)
      ? table.getBoundingClientRect().right - filter.getBoundingClientRect().left : 0,
    tallest: Math.max(0, ...cells.map(c => c.getBoundingClientRect().height
      / parseFloat(getComputedStyle(c).lineHeight))),
    untitled: cells.filter(c => c.scrollHeight > c.clientHeight + 1
      && !c.closest('td, th').title).length,
  };
}"""


def changelist_urls() -> list[str]:
    """The portal's own lists (Django's user and group lists, and the account security lists of
    django-axes and django-otp, keep their own layout)."""
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label not in {"auth", "axes", "otp_totp", "otp_static"}
    ]


def test_every_changelist_fits_in_every_language(page, live_server, django_user_model):
    # given the seed records and a meeting whose Lao title runs over many lines
    seed_load(paths=seed_fixture_paths())
    factories.MeetingFactory(
        original_language="lo", title_en=LONG_LAO_TITLE, title_lo=LONG_LAO_TITLE
    )
    editor = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "s3cret-pass!"
    )
    browser_sign_in(page, live_server.url, editor, "s3cret-pass!", "en")

    problems = []
    for language in LANGUAGES:
        for url in changelist_urls():
            page.set_viewport_size({"width": DESKTOP_WIDTHS[0], "height": 800})
            response = page.goto(f"{live_server.url}{url.replace('/en/', f'/{language}/', 1)}")
            assert response.status == 200, url
            for width in [*DESKTOP_WIDTHS, PHONE_WIDTH]:
                page.set_viewport_size({"width": width, "height": 800})
                found = page.evaluate(MEASURE)
                where = f"{language} {width}px {url}"
                if found["page"] > 0:
                    problems.append(f"{where}: the page scrolls sideways by {found['page']}px")
                if width in DESKTOP_WIDTHS:
                    if found["results"] > 0:
                        problems.append(f"{where}: {found['results']}px of the table are cut off")
                    if found["underFilter"] > 0:
                        problems.append(f"{where}: the table runs under the filter sidebar")
                    if found["tallest"] > 2.2:
                        problems.append(f"{where}: a cell takes {found['tallest']:.1f} lines")
                    if found["untitled"]:
                        problems.append(f"{where}: a cut text has no title with the whole text")

    assert not problems, "\n".join(problems)


def test_a_long_title_is_cut_to_two_lines_with_the_whole_text_in_its_title(
    page, live_server, django_user_model
):
    meeting = factories.MeetingFactory(
        original_language="lo", title_en=LONG_LAO_TITLE, title_lo=LONG_LAO_TITLE
    )
    editor = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "s3cret-pass!"
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    browser_sign_in(page, live_server.url, editor, "s3cret-pass!", "lo")
    page.goto(f"{live_server.url}/lo/admin/meetings/meeting/")

    cell = page.locator("#result_list tbody th.field-title")
    assert cell.get_attribute("title") == LONG_LAO_TITLE
    clamp = cell.locator(".accsm-cell")
    lines = clamp.evaluate(
        "c => c.getBoundingClientRect().height / parseFloat(getComputedStyle(c).lineHeight)"
    )
    assert 1.5 < lines < 2.5
    # The link to the meeting is still the cell's link.
    assert clamp.locator("a").get_attribute("href").endswith(f"/{meeting.pk}/change/")
