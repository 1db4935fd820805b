"""End to end: the seed records, loaded as `make run` loads them, open on every portal page in
all four languages, as valid HTML, with no English interface text on km/lo/vi pages."""

from pathlib import Path

import html5lib
import pytest
from django.conf import settings

from accsm_portal.core.models import Document
from accsm_portal.core.services import seed_load
from arcs.models import ResourceCentre
from meetings.models import Meeting
from tests.portal.test_pages import english_interface_text, our_english_messages, visible_texts
from workplans.models import Activity, WorkPlan

pytestmark = pytest.mark.django_db

FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))


@pytest.mark.skipif(not FIXTURES, reason="no seed fixtures in fixtures/")
def test_every_seeded_record_page_opens_in_each_language(client):
    seed_load(paths=FIXTURES)
    paths = ["", "meetings/", "workplans/", "arcs/", "states/", "documents/"]
    paths += [f"meetings/{m.slug}/" for m in Meeting.objects.published()]
    paths += [f"meetings/calendar/?month={m.starts_on:%Y-%m}" for m in Meeting.objects.all()]
    paths += [f"workplans/{w.slug}/" for w in WorkPlan.objects.published()]
    paths += [f"workplans/activities/{a.slug}/" for a in Activity.objects.published()]
    paths += [f"arcs/{r.slug}/" for r in ResourceCentre.objects.published()]
    paths += [f"states/{r.country.code.lower()}/" for r in ResourceCentre.objects.all()]
    paths += [f"documents/{d.slug}/" for d in Document.objects.published().filter(access="public")]
    parser = html5lib.HTMLParser(strict=True)
    messages = our_english_messages()
    problems = []

    for lang in ["en", "km", "lo", "vi"]:
        for path in sorted(set(paths)):
            response = client.get(f"/{lang}/{path}")
            if response.status_code != 200:
                problems.append(f"/{lang}/{path}: {response.status_code}")
                continue
            html = response.content.decode()
            try:
                parser.parse(html)
            except html5lib.html5parser.ParseError as error:
                problems.append(f"/{lang}/{path}: {error}")
            if lang != "en":
                english = english_interface_text(visible_texts(html, lang), messages)
                if english:
                    problems.append(f"/{lang}/{path}: English interface text {english}")

    assert problems == []
