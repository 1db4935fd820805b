from modeltranslation.translator import TranslationOptions

from accsm_portal.lib.i18n import register_translated
from arcs.models import ResourceCentre, SelfAssessment, ThemePeriod


@register_translated(ResourceCentre)
class ResourceCentreTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register_translated(ThemePeriod)
class ThemePeriodTranslationOptions(TranslationOptions):
    fields = ("theme", "as_stated", "note")


@register_translated(SelfAssessment)
class SelfAssessmentTranslationOptions(TranslationOptions):
    fields = ("summary",)
