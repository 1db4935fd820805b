"""Writes on meetings: publication of a meeting with its parts, delegations, handovers, and the
PDF meeting record in media storage."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accsm_portal.core.models import PublicationState
from accsm_portal.core.services import record_save, record_set_publication
from accsm_portal.lib.pdf import FONT_STACK, html_fingerprint, html_to_pdf
from meetings.models import (
    ActionItem,
    ActionItemReminder,
    ChairmanshipCycle,
    Delegation,
    Handover,
    Meeting,
    OverdueDigest,
)
from meetings.selectors import meeting_get_public, meeting_record_parts


@transaction.atomic
def meeting_set_publication(*, meeting: Meeting, state: str) -> Meeting:
    """Publish or unpublish a meeting together with its agenda, delegations and outcomes, so a
    published meeting never shows with half of its parts hidden."""
    record_set_publication(record=meeting, state=state)
    delegations = list(meeting.delegations.prefetch_related("members"))
    outcomes = list(meeting.outcomes.prefetch_related("action_items"))
    children = [
        *meeting.agenda_items.all(),
        *delegations,
        *[member for delegation in delegations for member in delegation.members.all()],
        *outcomes,
        *[item for outcome in outcomes for item in outcome.action_items.all()],
    ]
    for child in children:
        if child.publication_state != state:
            record_set_publication(record=child, state=state)
    return meeting


def delegation_set_counts(
    *, delegation: Delegation, size: int | None, women: int | None
) -> Delegation:
    """Record a delegation's size and number of women (women never exceed the size)."""
    delegation.size = size
    delegation.women = women
    return record_save(record=delegation)


@transaction.atomic
def handover_record(
    *, from_cycle: ChairmanshipCycle, to_cycle: ChairmanshipCycle, meeting: Meeting | None = None
) -> Handover:
    """Record the chair passing from one cycle to the next one of the same series."""
    if from_cycle.series_id != to_cycle.series_id:
        raise ValidationError({"to_cycle": _("A handover stays within one series.")})
    handover = Handover(
        from_cycle=from_cycle,
        to_cycle=to_cycle,
        meeting=meeting,
        publication_state=PublicationState.PUBLISHED
        if from_cycle.is_published and to_cycle.is_published
        else PublicationState.DRAFT,
    )
    return record_save(record=handover)


@dataclass(frozen=True)
class RecordPdf:
    """A meeting record's PDF in media storage; `rendered` says whether this call made it."""

    name: str
    rendered: bool

    def open(self):
        return default_storage.open(self.name, "rb")


def meeting_record_html(*, meeting: Meeting, language: str) -> str:
    """The record's HTML in one language, from a meeting read for one reader (so with only the
    documents that reader may see)."""
    with translation.override(language):
        return render_to_string(
            "meetings/meeting_record.html",
            {
                **meeting_record_parts(meeting),
                "font_stack": FONT_STACK,
                # The PDF leaves the portal: its links to source pages are absolute.
                "site_url": settings.SITE_URL.rstrip("/"),
            },
        )


def meeting_record_pdf_get(*, meeting: Meeting, language: str) -> RecordPdf:
    """The stored PDF of this record, rendering it only when no PDF of the same content exists.

    The file is named by a fingerprint of the HTML it comes from. That HTML holds every part
    the record shows (delegations, agenda, outcomes, action items, documents, sources, host and
    chair) as this reader may see them, so an edit to any part gives a new name and a new
    render, and an unchanged record is never rendered again. Readers at different access
    levels get different HTML whenever the content differs, so no one is served a file listing
    documents they may not see (docs/pdf.md)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("This language is not offered.")})
    html = meeting_record_html(meeting=meeting, language=language)
    name = f"records/meetings/{meeting.slug}/{language}-{html_fingerprint(html)}.pdf"
    if default_storage.exists(name):
        return RecordPdf(name=name, rendered=False)
    # Two first requests at once may both render; storage then keeps both under unique names,
    # the same bytes, and later requests find the first.
    saved = default_storage.save(name, ContentFile(html_to_pdf(html)))
    return RecordPdf(name=saved, rendered=True)


def meeting_record_pdf_prepare(*, slug: str) -> dict[str, dict]:
    """Render the public record of a published meeting in every language ahead of readers
    (the Celery task); a draft or missing meeting prepares nothing."""
    meeting = meeting_get_public(slug=slug, user=None)
    if meeting is None:
        return {}
    prepared = {}
    for language, _name in settings.LANGUAGES:
        record = meeting_record_pdf_get(meeting=meeting, language=language)
        prepared[language] = {"name": record.name, "rendered": record.rendered}
    return prepared


# -- action item reminders (docs/reminders.md) -------------------------------------------------
# The language of a member state's civil service, for a recipient who has not chosen one.
COUNTRY_LANGUAGES = {"KH": "km", "LA": "lo", "VN": "vi"}


def recipient_language(user) -> str:
    """The recipient's chosen language; else their organisation's country's; else English."""
    preference = getattr(user, "preference", None)
    if preference is not None and preference.language:
        return preference.language
    organisation = preference.organisation if preference is not None else None
    country = organisation.country if organisation is not None else None
    return COUNTRY_LANGUAGES.get(country.code if country else "", "en")


def _portal_link(item: ActionItem, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + item.outcome.meeting.get_absolute_url()


def _reminder_mail(item: ActionItem, kind: str, language: str) -> tuple[str, str]:
    with translation.override(language):
        values = {
            "action": item.text,
            "meeting": item.outcome.meeting.title,
            "due": date_format(item.due_on, "DATE_FORMAT"),
            "link": _portal_link(item, language),
        }
        if kind == ActionItemReminder.Kind.OVERDUE:
            subject = _("Overdue action item: %(action)s") % values
            body = (
                _(
                    "This action item of %(meeting)s was due on %(due)s and is not done yet:\n\n"
                    "%(action)s\n\nOn the portal: %(link)s"
                )
                % values
            )
        else:
            subject = _("Action item due on %(due)s: %(action)s") % values
            body = (
                _(
                    "This action item of %(meeting)s is due on %(due)s:\n\n%(action)s\n\n"
                    "On the portal: %(link)s"
                )
                % values
            )
    return subject[:200].replace("\n", " "), body


def _open_items():
    return ActionItem.objects.exclude(
        status__in=[ActionItem.Status.DONE, ActionItem.Status.CANCELLED]
    ).filter(due_on__isnull=False, responsible__isnull=False)


def action_item_reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """E-mail the people of each responsible organisation about open action items due within
    REMINDERS_DUE_IN_DAYS and those overdue, each once per threshold. Safe to run twice or
    late: a threshold passed while the task was not running is still reminded, once."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.REMINDERS_DUE_IN_DAYS)
    items = (
        _open_items()
        .filter(due_on__lte=horizon)
        .select_related("outcome__meeting")
        .prefetch_related("responsible__members__user")
    )
    already = set(
        ActionItemReminder.objects.filter(action_item__in=items).values_list(
            "action_item_id", "recipient_id", "kind", "due_on"
        )
    )
    sent = {"due": 0, "overdue": 0}
    for item in items:
        kind = (
            ActionItemReminder.Kind.OVERDUE if item.due_on < today else ActionItemReminder.Kind.DUE
        )
        for member in item.responsible.members.all():
            user = member.user
            if not user.is_active or not user.email:
                continue
            if (item.pk, user.pk, kind, item.due_on) in already:
                continue
            if _remind(item=item, user=user, kind=kind):
                sent[kind] += 1
    return sent


def _remind(*, item: ActionItem, user, kind: str) -> bool:
    language = recipient_language(user)
    subject, body = _reminder_mail(item, kind, language)
    try:
        # The record and the e-mail stand or fall together: a failed send leaves no record, so
        # the next run tries again; a second run at the same time fails on the constraint.
        with transaction.atomic():
            ActionItemReminder.objects.create(
                action_item=item,
                recipient=user,
                kind=kind,
                due_on=item.due_on,
                language=language,
                email=user.email,
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except IntegrityError:
        return False
    return True


def action_item_overdue_digest_send(*, today: datetime.date | None = None) -> OverdueDigest | None:
    """The week's list of overdue action items to the secretariat (REMINDERS_SECRETARIAT_EMAILS),
    once per week (Monday to Sunday), in English, the secretariat's working language."""
    today = today or timezone.localdate()
    week_of = today - datetime.timedelta(days=today.weekday())
    recipients = settings.REMINDERS_SECRETARIAT_EMAILS
    if not recipients or OverdueDigest.objects.filter(week_of=week_of).exists():
        return None
    items = list(
        _open_items()
        .filter(due_on__lt=today)
        .select_related("outcome__meeting", "responsible")
        .order_by("due_on", "pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("%(due)s — %(organisation)s — %(action)s (%(meeting)s) %(link)s")
            % {
                "due": date_format(item.due_on, "DATE_FORMAT"),
                "organisation": item.responsible.name,
                "action": item.text[:200],
                "meeting": item.outcome.meeting.title,
                "link": _portal_link(item, settings.LANGUAGE_CODE),
            }
            for item in items
        ]
        subject = _("Overdue action items: %(count)d") % {"count": len(items)}
        body = "\n".join(lines) if lines else _("No action item is overdue.")
    try:
        with transaction.atomic():
            digest = OverdueDigest.objects.create(
                week_of=week_of, item_count=len(items), recipients=", ".join(recipients)
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except IntegrityError:
        return None
    return digest
