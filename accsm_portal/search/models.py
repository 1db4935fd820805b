"""The search index: one row per record, language and part (its title, or the rest of its text).

Rows exist only for records that the public visibility selectors return (published, with a
published parent where that matters); restricted documents keep their access level here so a
query filters on it. The index is derived data: `manage.py search_rebuild` recreates it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accsm_portal.core.models import Document, Language


class SearchEntry(models.Model):
    record_type = models.CharField(_("record type"), max_length=20)
    object_uid = models.UUIDField(_("record"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    is_title = models.BooleanField(_("title"), default=False)
    # accsm_portal.lib.search.search_keys(display); the trigram index is on `folded`, which every
    # query filters on (the exact `key` only ranks the rows already found).
    key = models.TextField(_("search key"))
    folded = models.TextField(_("accent-folded search key"))
    display = models.TextField(_("text as written"))
    access = models.CharField(
        _("access"), max_length=12, choices=Document.Access.choices, default=Document.Access.PUBLIC
    )
    year_start = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    year_end = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    sort_date = models.DateField(_("date"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        ordering = ["record_type", "object_uid", "language", "-is_title"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            # The natural key that refreshes upsert on; its index also serves look-ups by record.
            models.UniqueConstraint(
                fields=["record_type", "object_uid", "language", "is_title"],
                name="search_entry_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.object_uid} [{self.language}]"
