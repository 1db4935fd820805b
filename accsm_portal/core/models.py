"""Reference records shared by every app: countries, organisations, people and their positions,
documents with their language files, sources and citations; and the base every record builds on.
"""

import datetime
import functools
import unicodedata
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


@functools.cache
def _choice_labels(field: models.Field) -> dict:
    return dict(make_hashable(field.flatchoices))


class Language(models.TextChoices):
    EN = "en", _("English")
    KM = "km", _("Khmer")
    LO = "lo", _("Lao")
    VI = "vi", _("Vietnamese")


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class RecordQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_state=PublicationState.PUBLISHED)

    def drafts(self):
        return self.filter(publication_state=PublicationState.DRAFT)

    def updated_since(self, moment: datetime.datetime):
        return self.filter(updated_at__gte=moment)


class RecordManager(models.Manager.from_queryset(RecordQuerySet)):
    def get_by_natural_key(self, uid: str):
        return self.get(uid=uid)


def normalise_text(value: str) -> str:
    """NFC, so that Vietnamese pasted as NFD displays, sorts and matches like typed text."""
    return unicodedata.normalize("NFC", value)


class Record(models.Model):
    """What every record of the portal has: a public id, an original language, a publication
    state, timestamps for incremental sync, citations, and a restorable history."""

    uid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    original_language = models.CharField(
        _("original language"),
        max_length=2,
        choices=Language.choices,
        default=Language.EN,
        help_text=_("The language the record was first written in; readers fall back to it."),
    )
    publication_state = models.CharField(
        _("publication state"),
        max_length=10,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    history = HistoricalRecords(inherit=True)

    objects = RecordManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalise_text_fields()
        slug_field = next((f for f in self._meta.fields if f.name == "slug"), None)
        if slug_field is not None and not self.slug:
            self.slug = self.build_unique_slug()
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str]:
        return (str(self.uid),)

    @property
    def citations(self) -> "models.QuerySet[Citation]":
        """The sources this record comes from, with what each says of it."""
        content_type = ContentType.objects.get_for_model(type(self))
        return Citation.objects.filter(content_type=content_type, object_uid=self.uid)

    @property
    def is_published(self) -> bool:
        return self.publication_state == PublicationState.PUBLISHED

    def _get_FIELD_display(self, field: models.Field) -> str:
        """`get_<field>_display()`, as Django's, with the field's labels kept: Django rebuilds
        them as a dict on every call (make_hashable over each choice), and a list of twenty
        meeting cards asks forty times. The labels are lazy: translated when shown."""
        value = getattr(self, field.attname)
        label = _choice_labels(field).get(make_hashable(value), value)
        return force_str(label, strings_only=True)

    def clean_fields(self, exclude=None) -> None:
        """Required text must exist in the record's original language; other languages may wait
        for translators. The plain field (`title`) is checked through its language columns."""
        from accsm_portal.lib.i18n import translated_fields

        exclude = set(exclude or ())
        translated = translated_fields(type(self))
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude | set(translated))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        language = self.original_language or Language.EN
        for name in translated:
            column = f"{name}_{language}"
            if self._meta.get_field(name).blank or column in exclude:
                continue
            if not (getattr(self, column, None) or "").strip():
                errors.setdefault(column, []).append(
                    ValidationError(
                        _("Required in the record's original language (%(language)s)."),
                        code="required",
                        params={"language": Language(language).label},
                    )
                )
        if errors:
            raise ValidationError(errors)

    def normalise_text_fields(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = self.__dict__.get(field.attname)
                if isinstance(value, str):
                    self.__dict__[field.attname] = normalise_text(value)

    def slug_source(self) -> str:
        """The text a new slug is made from; models override it with their English name."""
        return str(self.uid)[:8]

    def build_unique_slug(self) -> str:
        # ASCII only: Django's unicode slugify deletes Khmer vowel signs and COENG.
        base = slugify(self.slug_source())[:70].strip("-") or str(self.uid)[:8]
        slug, n = base, 2
        others = type(self)._default_manager.exclude(pk=self.pk)
        while others.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


def validate_date_precision(precision: str, **dates: datetime.date | None) -> None:
    """A date known to the month is stored as the 1st, one known to the year as 1 January."""
    errors = {}
    for field_name, value in dates.items():
        if value is None:
            continue
        if precision == DatePrecision.MONTH and value.day != 1:
            errors[field_name] = _(
                "A date known only to the month must be stored as the 1st of that month."
            )
        elif precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1):
            errors[field_name] = _(
                "A date known only to the year must be stored as 1 January of that year."
            )
    if errors:
        raise ValidationError(errors)


class PartialDateMixin(models.Model):
    """A date that may be known only to the month or the year, and may be inferred."""

    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "Month: store the 1st of the month. Year: store 1 January. "
            '"October 2009" is a date known to the month.'
        ),
    )
    date_is_inferred = models.BooleanField(
        _("date is inferred"),
        default=False,
        help_text=_("The source does not state the date (or part of it); it was inferred."),
    )

    class Meta:
        abstract = True

    def validate_precision(self, **dates: datetime.date | None) -> None:
        validate_date_precision(self.date_precision, **dates)


class Country(Record):
    class Standing(models.TextChoices):
        MEMBER_STATE = "member_state", _("ASEAN member state")
        PLUS_THREE = "plus_three", _("Plus Three country")
        DIALOGUE_PARTNER = "dialogue_partner", _("Dialogue partner")
        OTHER = "other", _("Other")

    code = models.CharField(
        _("ISO 3166 code"),
        max_length=2,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2}$", _("Use the two capital letters of ISO 3166-1, e.g. KH, LA, VN.")
            )
        ],
        help_text=_("Two capital letters (ISO 3166-1 alpha-2), e.g. KH, LA, VN."),
    )
    name = models.CharField(_("name"), max_length=120)
    standing = models.CharField(_("standing in ACCSM"), max_length=20, choices=Standing.choices)

    class Meta:
        # ASEAN protocol order is alphabetical by English name.
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_iso_alpha2",
                violation_error_message=_(
                    "Use the two capital letters of ISO 3166-1, e.g. KH, LA, VN."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name or self.code

    def get_absolute_url(self) -> str:
        return reverse("states:detail", kwargs={"code": self.code.lower()})

    @property
    def is_member_state(self) -> bool:
        return self.standing == self.Standing.MEMBER_STATE

    @property
    def slug(self) -> str:
        return self.code.lower()


class Organisation(Record):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
        AGENCY = "agency", _("Agency")
        ASEAN_BODY = "asean_body", _("ASEAN body")
        TRAINING_INSTITUTE = "training_institute", _("Training institute")
        PARTNER = "partner", _("Partner")
        WORKING_GROUP = "working_group", _("Working group")
        MEDIA = "media", _("News media")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Empty for ASEAN bodies and other regional organisations."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def slug_source(self) -> str:
        return self.acronym_en or self.name_en or super().slug_source()

    def clean(self) -> None:
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be part of itself.")})


class Person(Record):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    name = models.CharField(
        _("name"), max_length=160, help_text=_("The name as written in each language's script.")
    )
    honorific = models.CharField(
        _("honorific"), max_length=40, blank=True, help_text=_("H.E., Mr, Ms, Dr ...")
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def slug_source(self) -> str:
        return self.name_en or super().slug_source()


class Position(Record):
    """A public role a person held in an organisation (only public roles are recorded)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=255)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    as_of = models.DateField(
        _("known to hold it on"),
        null=True,
        blank=True,
        help_text=_("A date on which a source shows the person in this role."),
    )

    class Meta:
        ordering = ["person__name_en", models.F("as_of").desc(nulls_last=True), "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="position_ends_after_start",
                violation_error_message=_("A position cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.title}, {self.organisation}"


class Source(Record):
    """An article or page a record comes from, with its full original text kept verbatim."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    publisher = models.ForeignKey(
        Organisation,
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
    )
    language = models.CharField(_("language of the text"), max_length=2, choices=Language.choices)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_precision = models.CharField(
        _("publication date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    url = models.URLField(_("address"), max_length=500, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=80,
        blank=True,
        help_text=_("The archive's own reference for the document, e.g. its file name."),
    )
    text = models.TextField(
        _("original text"), help_text=_("The full text exactly as published; never translated.")
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        # Undated last on every database (PostgreSQL would put NULLs first in a descending sort).
        ordering = [models.F("published_on").desc(nulls_last=True), "slug"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sources:detail", kwargs={"slug": self.slug})

    def slug_source(self) -> str:
        return self.reference or self.title_en or super().slug_source()


class CitationManager(models.Manager):
    def get_by_natural_key(self, source_uid: str, app_label: str, model: str, object_uid: str):
        return self.get(
            source__uid=source_uid,
            content_type__app_label=app_label,
            content_type__model=model,
            object_uid=object_uid,
        )


class Citation(models.Model):
    """Ties any record to a source it comes from, with what the source says of it.

    The record is named by its content type and public uid, not its database id, so citations
    can be written in fixtures and survive a record being deleted and restored from history."""

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="citations_made"
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.CASCADE
    )
    object_uid = models.UUIDField(_("record"))
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("What the source says of the record, or how a fact was inferred from it."),
    )
    history = HistoricalRecords()

    objects = CitationManager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        indexes = [models.Index(fields=["content_type", "object_uid"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_uid"],
                name="citation_once_per_source",
                violation_error_message=_("This record already cites this source."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.content_type.model} {self.object_uid}"

    def natural_key(self) -> tuple:
        return (*self.source.natural_key(), *self.content_type.natural_key(), str(self.object_uid))

    natural_key.dependencies = ["core.source", "contenttypes.contenttype"]

    @property
    def record(self) -> models.Model | None:
        model = self.content_type.model_class()
        return model._default_manager.filter(uid=self.object_uid).first() if model else None


class Document(Record):
    class Kind(models.TextChoices):
        DECLARATION = "declaration", _("Declaration")
        JOINT_STATEMENT = "joint_statement", _("Joint statement")
        TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
        WORK_PLAN = "work_plan", _("Work plan")
        REPORT = "report", _("Report")
        FRAMEWORK = "framework", _("Framework")
        STUDY = "study", _("Study")
        CONCEPT_NOTE = "concept_note", _("Concept note")
        MINUTES = "minutes", _("Minutes")
        DIRECTORY = "directory", _("Directory")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("document status", "Draft")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Superseded")

    class Access(models.TextChoices):
        PUBLIC = "public", _("Public")
        DELEGATES = "delegates", _("Delegates only")
        SECRETARIAT = "secretariat", _("Secretariat only")

    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    access = models.CharField(
        _("access"), max_length=12, choices=Access.choices, default=Access.PUBLIC
    )
    dated = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    summary = models.TextField(_("summary"), blank=True)
    author = models.ForeignKey(
        Organisation,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    initiated_by = models.ForeignKey(
        Country,
        verbose_name=_("initiated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiated_documents",
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
    )

    class Meta:
        # Undated last on every database (PostgreSQL would put NULLs first in a descending sort).
        ordering = [models.F("dated").desc(nulls_last=True), "title_en"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [
            ("view_delegate_documents", _("Can read documents restricted to delegates")),
            ("view_secretariat_documents", _("Can read documents restricted to the secretariat")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", kwargs={"slug": self.slug})

    def slug_source(self) -> str:
        return self.title_en or super().slug_source()

    def clean(self) -> None:
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("A document cannot supersede itself.")})
        if self.status == self.Status.SUPERSEDED and not self.superseded_by_id:
            raise ValidationError(
                {"superseded_by": _("Name the document that supersedes this one.")}
            )
        validate_date_precision(self.date_precision, dated=self.dated)


def document_file_path(instance: "DocumentFile", filename: str) -> str:
    return f"documents/{instance.document.uid}/{instance.language}/{filename}"


class DocumentFile(Record):
    """One language version of a document: an uploaded file, an address, or both."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    file = models.FileField(_("file"), upload_to=document_file_path, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"],
                name="document_file_one_per_language",
                violation_error_message=_("This document already has a file in this language."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} [{self.language}]"

    def clean(self) -> None:
        if not self.file and not self.url:
            raise ValidationError(_("Upload a file or give its address."))


class FocalPoint(models.Model):
    """A member state's focal point: a staff account that edits its own country's records
    (its delegations, the activities it leads, its ARC) in the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="focal_point",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="focal_points",
        limit_choices_to={"standing": Country.Standing.MEMBER_STATE},
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name_en", "user__username"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self) -> str:
        return f"{self.user} ({self.country})"

    def clean(self) -> None:
        if self.country_id and not self.country.is_member_state:
            raise ValidationError({"country": _("Focal points represent ASEAN member states.")})


class Editorial(models.Model):
    """Holds the portal-wide editorial permissions; its table stays empty.

    Publishing is one decision for every kind of record, so it is one permission rather than
    one per model; the admin's publish actions and the publication-state field both check it.
    The (empty) table exists so that Django's own tools, which read every model's table
    (`dumpdata`, `manage.py move_database`), work on the portal's database."""

    class Meta:
        default_permissions = ()
        permissions = [("publish_records", _("Can publish and unpublish records"))]
        verbose_name = _("editorial permission")
        verbose_name_plural = _("editorial permissions")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class UserPreference(models.Model):
    """What the portal knows about a person with an account, for what it sends them: the
    organisation they work for (an action item's responsible organisation reaches them) and
    the language they read (empty: their organisation's country language, then English)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="preference",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    language = models.CharField(
        _("language of e-mails"), max_length=2, choices=Language.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return str(self.user)


class TranslationReview(models.Model):
    """A record's text in one language waits for review: a translator marks it when they have
    written it, a publisher clears the mark once it has been checked (#16). The translators'
    desk lists what is pending through core.selectors.translation_review_pending().

    Clearing deletes the mark; its history keeps who marked and who cleared it, and can bring it
    back."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["marked_at", "pk"]
        verbose_name = _("translation to review")
        verbose_name_plural = _("translations to review")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                name="translation_review_once_per_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} ({self.language})"

    @property
    def record(self) -> models.Model | None:
        return self.content_type.get_object_for_this_type(pk=self.object_id)


class ImportJob(models.Model):
    """A spreadsheet import too big for one web request (more than IMPORT_BACKGROUND_ROWS rows):
    checked row by row in a Celery task, previewed, then written in one transaction once its
    editor confirms (core/import_jobs.py). The uploaded file stays in the private media storage,
    which the portal never serves."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting to be checked")
        CHECKING = "checking", _("checking the rows")
        READY = "ready", _("ready to import")
        INVALID = "invalid", _("has errors")
        CONFIRMED = "confirmed", _("writing the records")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    model = models.CharField(_("kind of record"), max_length=100)
    resource = models.CharField(_("spreadsheet columns"), max_length=200)
    input_format = models.CharField(_("file format"), max_length=200)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows checked"), default=0)
    # {"new": 4990, "changed": 3, "unchanged": 6, "error": 1}
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    # One entry per row: {"row": 12, "type": "error", "record": "...", "errors": [
    # {"column": "lead_country", "message": "..."}]}; "column" is "" for the whole row.
    rows = models.JSONField(_("rows of the preview"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.WAITING, self.Status.CHECKING, self.Status.CONFIRMED}

    @property
    def has_errors(self) -> bool:
        return bool(self.summary.get("error")) or self.status == self.Status.INVALID
