from modeltranslation.translator import TranslationOptions

from accsm_portal.lib.i18n import register_translated
from workplans.models import Activity, PriorityArea, ProgressReport, WorkPlan


@register_translated(WorkPlan)
class WorkPlanTranslationOptions(TranslationOptions):
    fields = ("title", "objectives")


@register_translated(PriorityArea)
class PriorityAreaTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register_translated(Activity)
class ActivityTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register_translated(ProgressReport)
class ProgressReportTranslationOptions(TranslationOptions):
    fields = ("label", "note")
