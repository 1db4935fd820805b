"""The progress figures of a work plan (selectors.work_plan_figures) as charts: activities by
status, computed from the activities, beside each count reported at a meeting.

Used by the work plan page and the home page (templates/portal/includes/figures_chart.html);
the API serves the same figures as JSON (api/views.py)."""

from dataclasses import dataclass

from accsm_portal.lib.charts import BarChart, bar_chart
from workplans.models import Activity, ProgressReport
from workplans.selectors import STATUS_ORDER, StatusCounts, progress_report_share


@dataclass(frozen=True)
class ReportedChart:
    report: ProgressReport
    share: float
    chart: BarChart


@dataclass(frozen=True)
class FiguresChart:
    counts: StatusCounts
    computed: BarChart
    reported: list[ReportedChart]

    @property
    def is_empty(self) -> bool:
        return not self.counts.total and not self.reported


def figures_chart(counts: StatusCounts, reported: list[ProgressReport]) -> FiguresChart:
    """Charts drawn to one scale, so that the computed and the reported bars compare."""
    scale = max(
        [*counts.by_status.values(), *(n for r in reported for n in (r.completed, r.planned))],
        default=0,
    )
    computed = bar_chart(
        [(str(Activity.Status(s).label), counts.by_status[s], s) for s in STATUS_ORDER],
        scale=scale,
    )
    charts = [
        ReportedChart(
            report=report,
            share=progress_report_share(report),
            chart=bar_chart(
                [
                    (str(Activity.Status.COMPLETED.label), report.completed, "completed"),
                    (str(Activity.Status.PLANNED.label), report.planned, "planned"),
                ],
                scale=scale,
            ),
        )
        for report in reported
    ]
    return FiguresChart(counts=counts, computed=computed, reported=charts)
