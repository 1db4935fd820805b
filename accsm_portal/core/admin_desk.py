"""The translators' desk: for each language, what is missing a translation, by record type.

One admin page (`/<lang>/admin/translations/desk/`, and `.../desk/<language>/` for one
language) that a translator opens first: per record type, how many records and how many
fields lack text in their language (the same rule as the lists' "missing in" filter,
`admin_base.missing_in_q`), each linking to that type's list filtered to what is missing, and
how many translations are marked "needs review" (core.TranslationReview). A translator sees
only their own languages; editors, publishers and viewers see all four.

The counts cost one aggregate query per record type plus one for the review marks, whatever
the number of records (tests/admin/test_translators_desk.py checks it at two sizes).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from accsm_portal.core import roles
from accsm_portal.core.admin_base import (
    field_missing_q,
    language_name,
    missing_in_q,
    translated_names,
)
from accsm_portal.core.selectors import translation_review_list_for
from accsm_portal.lib.i18n import LANGUAGE_CODES


@dataclass
class TypeGap:
    """One record type's gap in one language."""

    model: type[models.Model]
    records: int
    fields: int
    reviews: int
    url: str  # the type's admin list, filtered to the records missing this language

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name_plural)


@dataclass
class LanguageQueue:
    code: str
    name: str
    types: list[TypeGap] = field(default_factory=list)
    reviews: int = 0
    reviews_url: str = ""

    @property
    def records(self) -> int:
        return sum(gap.records for gap in self.types)

    @property
    def fields(self) -> int:
        return sum(gap.fields for gap in self.types)


def desk_models() -> list[type[models.Model]]:
    """The translated record types edited in the admin, in the roles' order (core/roles.py)."""
    found = []
    for app_label, names in roles.RECORD_MODELS.items():
        for name in names:
            if f"{app_label}.{name}" in roles.UNTRANSLATED_MODELS:
                continue
            model = apps.get_model(app_label, name)
            if translated_names(model) and admin.site.is_registered(model):
                found.append(model)
    return found


def desk_languages(user) -> list[str]:
    """The languages whose queue this user sees: a translator their own, others all four."""
    languages = roles.translator_languages(user)
    if languages is None:
        return list(LANGUAGE_CODES)
    return [code for code in LANGUAGE_CODES if code in languages]


def translation_gaps(*, languages: list[str], user) -> list[LanguageQueue]:
    """The desk's figures: per language and record type, records and fields missing a
    translation and the review marks pending. Types with nothing to do are left out."""
    queues = {code: LanguageQueue(code=code, name=language_name(code)) for code in languages}
    marks = (
        translation_review_list_for(user)
        .filter(language__in=languages)
        .order_by()
        .values_list("language", "content_type_id")
        .annotate(count=Count("pk"))
    )
    marks_by_type: dict[tuple[str, int], int] = {}
    for language, content_type_id, count in marks:
        marks_by_type[(language, content_type_id)] = count
        queues[language].reviews += count
    reviews_list = reverse("admin:core_translationreview_changelist")
    for code, queue in queues.items():
        queue.reviews_url = f"{reviews_list}?language__exact={code}"

    models_ = desk_models()
    content_types = ContentType.objects.get_for_models(*models_)
    for model in models_:
        names = translated_names(model)
        aggregates = {}
        for code in languages:
            aggregates[f"records_{code}"] = Count("pk", filter=missing_in_q(model, code))
            for name in names:
                aggregates[f"field_{code}_{name}"] = Count("pk", filter=field_missing_q(name, code))
        # One query per type for every language: the counts do not grow with the records.
        counts = model._default_manager.order_by().aggregate(**aggregates)
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for code in languages:
            gap = TypeGap(
                model=model,
                records=counts[f"records_{code}"],
                fields=sum(counts[f"field_{code}_{name}"] for name in names),
                reviews=marks_by_type.get((code, content_types[model].pk), 0),
                url=f"{changelist}?missing_in={code}",
            )
            if gap.records or gap.reviews:
                queues[code].types.append(gap)
    return list(queues.values())


def may_use_desk(user) -> bool:
    """Staff who read the review marks: translators, editors, viewers (core/roles.py)."""
    return user.is_active and user.is_staff and user.has_perm(roles.REVIEW_VIEW_PERMISSION)


def translators_desk_view(request: HttpRequest, language: str | None = None) -> HttpResponse:
    """The desk for every language the user works in, or for one (`language`)."""
    if not may_use_desk(request.user):
        raise PermissionDenied
    languages = desk_languages(request.user)
    if language is not None:
        if language not in languages:
            # Another language's queue is not a translator's to see.
            raise PermissionDenied
        languages = [language]
    context = {
        **admin.site.each_context(request),
        "title": gettext("Translators' desk"),
        "queues": translation_gaps(languages=languages, user=request.user),
        "single_language": language is not None,
    }
    return TemplateResponse(request, "admin/accsm/translators_desk.html", context)
