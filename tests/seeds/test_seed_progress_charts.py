"""The progress charts of the seeded 2021-2025 work plan draw the computed and reported figures,
and the API serves the same figures."""

import re

import pytest

from workplans.models import Activity, WorkPlan
from workplans.selectors import work_plan_figures

pytestmark = pytest.mark.django_db
SLUG = "accsm-and-plus-three-2021-2025"


def drawn(html: str, chart_id: str) -> dict[str, int]:
    svg = html[html.index(f'aria-labelledby="{chart_id}-title') :]
    svg = svg[: svg.index("</svg>")]
    return {k: int(v) for k, v in re.findall(r'data-kind="(\w+)" data-value="(\d+)"', svg)}


def test_the_svg_draws_the_computed_and_reported_figures_of_the_seeded_plan(client, seeded):
    plan = WorkPlan.objects.get(slug=SLUG)
    activities = Activity.objects.published().filter(work_plan=plan, track="accsm")

    html = client.get(f"/en/workplans/{SLUG}/").content.decode()

    computed = drawn(html, "track-accsm-computed")
    assert computed == {s: activities.filter(status=s).count() for s in Activity.Status.values}
    assert computed["planned"] + computed["proposed"] == activities.count()
    # The 21st Heads' meeting reported 5 completed and 10 planned for the ACCSM track.
    assert drawn(html, "track-accsm-reported-1") == {"completed": 5, "planned": 10}
    assert drawn(html, "track-plus_three-reported-1") == {"completed": 3, "planned": 5}


def test_the_api_serves_the_same_figures(client, seeded, django_assert_num_queries):
    plan = WorkPlan.objects.get(slug=SLUG)
    figures = work_plan_figures(work_plan=plan)

    body = client.get(f"/api/v1/work-plans/{plan.uid}/progress/").json()

    for track, served in zip(figures.tracks, body["tracks"], strict=True):
        assert served["computed"]["by_status"] == track.counts.by_status
        assert [(r["completed"], r["planned"]) for r in served["reported"]] == [
            (r.completed, r.planned) for r in track.reported
        ]
    assert client.get("/api/v1/work-plans/no-such-plan/progress/").status_code == 404


def test_khmer_charts_write_khmer_digits(client, seeded):
    html = client.get(f"/km/workplans/{SLUG}/").content.decode()

    assert '<text class="chart-value" x="270.0" y="69">១០</text>' in html
