"""The admin's home page for the signed-in editor: their own backlog and the overdue action
items (accsm_portal/templates/admin/accsm/index.html, through the `admin_home` template tag).

It reads every app (the record-type registry, the meetings' selectors), so it lives in the
configuration layer beside accsm_portal/views.py, not in core.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib import admin
from django.db.models import Count, Model, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from accsm_portal.core.admin_base import language_name
from accsm_portal.core.admin_desk import desk_languages
from accsm_portal.core.models import PublicationState
from accsm_portal.core.roles import REVIEW_VIEW_PERMISSION
from accsm_portal.core.selectors import translation_review_list_for
from accsm_portal.lib.record_types import all_types
from meetings.selectors import action_item_list_overdue

# How many lines each list shows; the full lists are one link away.
SHOWN = 10


@dataclass
class Line:
    record: Model
    url: str

    @property
    def kind(self) -> str:
        return str(self.record._meta.verbose_name)


@dataclass
class AdminHome:
    drafts: list[Line] = field(default_factory=list)
    drafts_more: bool = False
    reviews: list[dict] = field(default_factory=list)
    overdue: list[Line] = field(default_factory=list)
    overdue_count: int = 0
    overdue_list_url: str = ""


def _change_url(record: Model) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def my_drafts(user, *, limit: int = SHOWN) -> tuple[list[Line], bool]:
    """Drafts whose latest change in their history was made by `user`, newest first: one query
    per record type the user may see in the admin."""
    found: list[Model] = []
    for record_type in all_types():
        model = record_type.model
        opts = model._meta
        if not admin.site.is_registered(model) or not user.has_perm(
            f"{opts.app_label}.view_{opts.model_name}"
        ):
            continue
        history = model.history.model
        last_editor = (
            history.objects.filter(**{opts.pk.attname: OuterRef("pk")})
            .order_by("-history_date", "-history_id")
            .values("history_user_id")[:1]
        )
        queryset = (
            model._default_manager.filter(publication_state=PublicationState.DRAFT)
            .annotate(last_editor=Subquery(last_editor))
            .filter(last_editor=user.pk)
            .order_by("-updated_at")
        )
        related = admin.site.get_model_admin(model).list_select_related
        if isinstance(related, list | tuple) and related:
            queryset = queryset.select_related(*related)
        found += list(queryset[: limit + 1])
    found.sort(key=lambda record: record.updated_at, reverse=True)
    return [Line(record, _change_url(record)) for record in found[:limit]], len(found) > limit


def my_reviews(user) -> list[dict]:
    """The "needs review" marks of the user's languages, counted per language (one query)."""
    if not user.has_perm(REVIEW_VIEW_PERMISSION):
        return []
    counts = dict.fromkeys(desk_languages(user), 0)
    marks = (
        translation_review_list_for(user)
        .order_by()
        .values_list("language")
        .annotate(count=Count("pk"))
    )
    for language, count in marks:
        if language in counts:
            counts[language] = count
    url = reverse("admin:core_translationreview_changelist")
    return [
        {
            "code": code,
            "name": language_name(code),
            "count": count,
            "url": f"{url}?language__exact={code}",
        }
        for code, count in counts.items()
        if count
    ]


def admin_home_for(user, *, today: datetime.date | None = None) -> AdminHome:
    home = AdminHome()
    home.drafts, home.drafts_more = my_drafts(user)
    home.reviews = my_reviews(user)
    if user.has_perm("meetings.view_actionitem"):
        overdue = action_item_list_overdue(today=today or timezone.localdate())
        home.overdue = [Line(item, _change_url(item)) for item in overdue[:SHOWN]]
        home.overdue_count = overdue.count() if len(home.overdue) == SHOWN else len(home.overdue)
        home.overdue_list_url = reverse("admin:meetings_actionitem_changelist")
    return home
