"""The permission matrix: every role against every portal page, admin page, API endpoint and
document file, one request per cell, compared with the table written below.

The expected table is data a reviewer can read: who may do what to which kind of record in the
admin (ADMIN_RIGHTS, NEVER), what each role reads on the portal and the API (READS), and the
answer each kind of page gives when it refuses. The URLs are not listed by hand: the admin's
are read from admin.site._registry and its URL resolver, the API's from the router's OpenAPI
schema, so a new page or endpoint is in the matrix the day it is added (and an admin URL of a
kind the table does not know fails the test until it is classified here).

An outcome is one of: "ok" (2xx, or a redirect that is not to a sign-in page), "login" (a
redirect to the admin's sign-in page), "denied" (401, 403 or 405) or "hidden" (404). The test
fails listing every unexpected allow and every unexpected refusal, and writes the totals to
test-artifacts/permission-matrix.txt.

Run: .venv/bin/python -m pytest tests/portal/test_permission_matrix.py -q -p no:cacheprovider
"""

import re
import time
from collections import Counter
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accsm_portal.core.models import FocalPoint
from accsm_portal.models import ApiToken
from tests import factories as f
from tests.accounts import login
from tests.admin.test_pages import log_records, record_of_every_kind
from tests.conftest import report_figure

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, user) -> None:
    """Every sign-in of this module goes through here: staff who must use two factors are
    signed in past the second step, as they would be after giving their code."""
    login(client, user)


# -- The expected table ------------------------------------------------------------------------

PERSONAS = [
    "anonymous",
    "delegate",
    "partner_token",
    "viewer",
    "translator_km",
    "translator_lo",
    "translator_vi",
    "focal_point",
    "partner_manager",
    "editor",
    "superuser",
]
# Personas without staff status: every admin page sends them to the admin's sign-in page.
NOT_STAFF = {"anonymous", "delegate", "partner_token"}
TRANSLATORS = {"translator_km", "translator_lo", "translator_vi"}

# Every record kind edited in the admin (written here, not read from core/roles.py, so a change
# there shows up as a difference from this table).
RECORDS = {
    "core.country",
    "core.organisation",
    "core.person",
    "core.position",
    "core.source",
    "core.citation",
    "core.document",
    "core.documentfile",
    "meetings.series",
    "meetings.chairmanshipcycle",
    "meetings.meeting",
    "meetings.handover",
    "meetings.agendaitem",
    "meetings.delegation",
    "meetings.delegationmember",
    "meetings.outcome",
    "meetings.actionitem",
    "workplans.workplan",
    "workplans.priorityarea",
    "workplans.activity",
    "workplans.progressreport",
    "arcs.resourcecentre",
    "arcs.themeperiod",
    "arcs.selfassessment",
}
TRANSLATED = RECORDS - {"core.documentfile"}
REVIEW = {"core.translationreview"}
LOGS = {"meetings.overduedigest"}
WEBHOOKS = {"webhooks.webhooksubscription", "webhooks.webhookdelivery"}
# Kinds a focal point edits, for their own country only.
FOCAL_ADD = {
    "meetings.delegation",
    "meetings.delegationmember",
    "workplans.activity",
    "arcs.themeperiod",
    "arcs.selfassessment",
}
FOCAL_CHANGE = FOCAL_ADD | {"arcs.resourcecentre"}
FOCAL_DELETE = {"meetings.delegationmember"}
# Kinds whose records belong to a member state: the focal point's own and another state's.
COUNTRY_KINDS = FOCAL_CHANGE

# role -> action -> the kinds it may do it to. "change" includes reading.
ADMIN_RIGHTS: dict[str, dict[str, set[str]]] = {
    "viewer": {"view": RECORDS | REVIEW | LOGS},
    **{t: {"view": RECORDS | REVIEW, "change": TRANSLATED} for t in TRANSLATORS},
    "focal_point": {
        "view": RECORDS,
        "add": FOCAL_ADD,
        "change": FOCAL_CHANGE,
        "delete": FOCAL_DELETE,
    },
    # Revoking a token is its only change.
    # They also read (never change) a token's webhook subscriptions, listed on its page.
    "partner_manager": {
        "view": {"accsm_portal.apitoken", "webhooks.webhooksubscription"},
        "add": {"accsm_portal.apitoken"},
        "change": {"accsm_portal.apitoken"},
    },
    "editor": {
        "view": RECORDS | REVIEW | LOGS | WEBHOOKS | {"core.userpreference", "core.focalpoint"},
        "add": RECORDS | {"webhooks.webhooksubscription", "core.userpreference"},
        "change": RECORDS | WEBHOOKS | {"core.userpreference"},
        "delete": RECORDS | {"webhooks.webhooksubscription"},
        "import": RECORDS,
    },
}
# What no one, not even a superuser, does through the admin: logs and marks are written by the
# portal, tokens are revoked (a change), never deleted.
NEVER: dict[str, set[str]] = {
    "accsm_portal.apitoken": {"delete"},
    "webhooks.webhookdelivery": {"add", "delete"},
    "meetings.overduedigest": {"add", "change"},
    "core.translationreview": {"add", "change", "delete"},
    # Lockout records are written by django-axes on failed sign-ins, never by hand.
    "axes.accessattempt": {"add"},
    "axes.accesslog": {"add"},
    "axes.accessfailurelog": {"add"},
    # Import jobs come from an upload on a record list and are never edited or deleted.
    "core.importjob": {"add", "delete"},
}
# Every staff member lists their own spreadsheet imports; a job's page opens for its uploader
# (the import job of tests/admin/test_pages.py belongs to the editor) and superusers only.
IMPORT_JOB_READERS = {"editor", "superuser"}
# A translator reads the review marks of their own language only; the mark of
# tests/admin/test_pages.py is a Lao one.
REVIEW_MARK_TRANSLATOR = "translator_lo"
# Roles that change a publication state (core.publish_records).
PUBLISHERS = {"editor", "superuser"}

# Who reads what on the portal and the API: documents by access level, drafts never (staff see
# drafts only through the signed preview link, tests/portal/test_preview.py).
DOCUMENT_READERS = {
    "public": set(PERSONAS),
    "delegates": {"delegate", "partner_token", "viewer", "focal_point", "editor", "superuser"}
    | TRANSLATORS,
    "secretariat": {"viewer", "editor", "superuser"} | TRANSLATORS,
}
# The partner token is an API credential: on portal pages and files it counts for nothing.
PORTAL_DOCUMENT_READERS = {
    level: readers - {"partner_token"} if level != "public" else readers
    for level, readers in DOCUMENT_READERS.items()
}
# The portal answers a withheld document with a translated 403 page; the API with a 404.
WITHHELD_ON_PORTAL = "denied"
WITHHELD_ON_API = "hidden"
API_WRITES = ("post", "put", "patch", "delete")


def admin_allows(role: str, action: str, label: str, *, own: bool = True) -> bool:
    """Whether `role` may `action` a record of kind `label` in the admin (own: of the focal
    point's own country, where that matters)."""
    if action in NEVER.get(label, set()):
        return False
    if role == "superuser":
        return action != "import" or label in RECORDS
    rights = ADMIN_RIGHTS.get(role, {})
    if role == "focal_point" and label in COUNTRY_KINDS and not own and action != "view":
        return False
    if action == "view":
        return label in rights.get("view", set()) | rights.get("change", set())
    return label in rights.get(action, set())


# -- The records -------------------------------------------------------------------------------


@dataclass
class Cell:
    persona: str
    area: str  # portal, file, api, admin
    kind: str  # what the URL is, in the table's words
    method: str
    url: str
    expected: str


@pytest.fixture
def personas(
    delegate,
    partner_system,
    viewer,
    khmer_translator,
    lao_translator,
    vietnamese_translator,
    cambodian_focal_point,
    partner_manager,
    secretariat_editor,
    superuser,
):
    """A client per persona (the shared personas of tests/conftest.py), signed in once."""
    _token, token_text = ApiToken.issue(user=partner_system, name="Matrix")
    users = {
        "delegate": delegate,
        "viewer": viewer,
        "translator_km": khmer_translator,
        "translator_lo": lao_translator,
        "translator_vi": vietnamese_translator,
        "focal_point": cambodian_focal_point,
        "partner_manager": partner_manager,
        "editor": secretariat_editor,
        "superuser": superuser,
    }
    clients = {
        "anonymous": Client(),
        "partner_token": Client(HTTP_AUTHORIZATION=f"Bearer {token_text}"),
    }
    for name, account in users.items():
        clients[name] = Client()
        _sign_in(clients[name], account)
    return clients


@pytest.fixture
def records(cambodia, settings, tmp_path):
    """A published and a draft record of each kind with a page, documents at each access
    level with a stored file, and the country-bound records of Cambodia and of Lao PDR."""
    settings.MEDIA_ROOT = tmp_path
    lao = f.member_state("LA", "Lao PDR")
    every_kind = record_of_every_kind() + log_records()
    meeting = f.MeetingFactory(host_country=cambodia, title_en="Matrix meeting")
    work_plan = f.WorkPlanFactory()
    published = {
        "meeting": meeting,
        "work_plan": work_plan,
        "activity": f.ActivityFactory(work_plan=work_plan, lead_country=cambodia),
        "arc": f.ResourceCentreFactory(country=cambodia),
        "source": f.SourceFactory(),
        "state": cambodia,
    }
    drafts = {
        "meeting": f.MeetingFactory(publication_state="draft"),
        "work_plan": f.WorkPlanFactory(publication_state="draft"),
        "activity": f.ActivityFactory(work_plan=work_plan, publication_state="draft"),
        "arc": f.ResourceCentreFactory(publication_state="draft"),
        "source": f.SourceFactory(publication_state="draft"),
        "state": f.CountryFactory(code="ZZ", publication_state="draft"),
        "document": f.DocumentFactory(publication_state="draft"),
    }
    documents = {}
    for access in ("public", "delegates", "secretariat"):
        document = f.DocumentFactory(access=access, title_en=f"Matrix {access} document")
        version = f.DocumentFileFactory(document=document, language="en", url="")
        version.file.save("statement.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
        documents[access] = document
    own = {
        "meetings.delegation": f.DelegationFactory(meeting=meeting, country=cambodia),
        "workplans.activity": published["activity"],
        "arcs.resourcecentre": published["arc"],
    }
    other = {
        "meetings.delegation": f.DelegationFactory(meeting=meeting, country=lao),
        "workplans.activity": f.ActivityFactory(work_plan=work_plan, lead_country=lao),
        "arcs.resourcecentre": f.ResourceCentreFactory(country=lao),
    }
    own["meetings.delegationmember"] = f.DelegationMemberFactory(
        delegation=own["meetings.delegation"]
    )
    other["meetings.delegationmember"] = f.DelegationMemberFactory(
        delegation=other["meetings.delegation"]
    )
    own["arcs.themeperiod"] = f.ThemePeriodFactory(centre=own["arcs.resourcecentre"])
    other["arcs.themeperiod"] = f.ThemePeriodFactory(centre=other["arcs.resourcecentre"])
    own["arcs.selfassessment"] = f.SelfAssessmentFactory(centre=own["arcs.resourcecentre"])
    other["arcs.selfassessment"] = f.SelfAssessmentFactory(centre=other["arcs.resourcecentre"])
    by_kind = {}
    for record in every_kind:
        by_kind.setdefault(record._meta.label_lower, record)
    by_kind["core.focalpoint"] = FocalPoint.objects.get()
    by_kind.update(account_security_records())
    by_kind["core.country"] = lao
    return {
        "published": published,
        "drafts": drafts,
        "documents": documents,
        "own": own,
        "other": other,
        "by_kind": by_kind,
    }


def account_security_records() -> dict[str, object]:
    """One record of each kind django-axes and django-otp keep: lockouts and two-factor
    devices, superusers' pages only."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    owner = get_user_model().objects.create_user(username="matrix.devices")
    attempt = {"username": "someone", "ip_address": "127.0.0.9", "user_agent": "matrix"}
    attempt |= {"http_accept": "*/*", "path_info": "/en/admin/login/"}
    return {
        "axes.accessattempt": AccessAttempt.objects.create(**attempt, failures_since_start=1),
        "axes.accesslog": AccessLog.objects.create(**attempt),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**attempt),
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=owner, name="phone"),
        "otp_static.staticdevice": StaticDevice.objects.create(user=owner, name="codes"),
    }


# -- The cells ---------------------------------------------------------------------------------

PORTAL_PAGES = {
    "meeting": "meetings:detail",
    "work_plan": "workplans:detail",
    "activity": "workplans:activity",
    "arc": "arcs:detail",
    "source": "sources:detail",
}
PORTAL_LISTS = [
    "home",
    "meetings:list",
    "meetings:calendar",
    "workplans:list",
    "arcs:list",
    "states:list",
    "documents:list",
    "search:results",
    "accounts:login",
]


def portal_cells(records) -> list[Cell]:
    cells = []
    pages = [(f"list {name}", reverse(name), "ok") for name in PORTAL_LISTS]
    for kind, name in PORTAL_PAGES.items():
        pages.append(
            (f"published {kind}", reverse(name, args=[records["published"][kind].slug]), "ok")
        )
        pages.append(
            (f"draft {kind}", reverse(name, args=[records["drafts"][kind].slug]), "hidden")
        )
    pages.append(("published state", reverse("states:detail", args=["KH"]), "ok"))
    pages.append(("draft state", reverse("states:detail", args=["ZZ"]), "hidden"))
    pages.append(
        (
            "published meeting record.pdf",
            reverse("meetings:record_pdf", args=[records["published"]["meeting"].slug]),
            "ok",
        )
    )
    pages.append(
        (
            "draft document",
            reverse("documents:detail", args=[records["drafts"]["document"].slug]),
            "hidden",
        )
    )
    for persona in PERSONAS:
        for kind, url, expected in pages:
            cells.append(Cell(persona, "portal", kind, "get", url, expected))
            if not kind.startswith("list accounts"):
                # Pages are read-only: a POST is refused, whoever sends it.
                cells.append(Cell(persona, "portal", kind, "post", url, "denied"))
        for access, document in records["documents"].items():
            readable = persona in PORTAL_DOCUMENT_READERS[access]
            expected = "ok" if readable else WITHHELD_ON_PORTAL
            page = reverse("documents:detail", args=[document.slug])
            file = reverse("documents:file", args=[document.slug, "en"])
            cells.append(Cell(persona, "portal", f"{access} document", "get", page, expected))
            cells.append(Cell(persona, "file", f"{access} document file", "get", file, expected))
            cells.append(Cell(persona, "file", f"{access} document file", "post", file, "denied"))
    return cells


def api_cells(records, schema: dict) -> list[Cell]:
    published, drafts, documents = records["published"], records["drafts"], records["documents"]
    # One published and one draft record per detail path, by the path's resource.
    detail = {
        "meetings": (published["meeting"].slug, drafts["meeting"].slug),
        "work-plans": (published["work_plan"].slug, drafts["work_plan"].slug),
        "activities": (published["activity"].slug, drafts["activity"].slug),
        "arcs": (published["arc"].slug, drafts["arc"].slug),
        "sources": (published["source"].slug, drafts["source"].slug),
        "countries": ("KH", "ZZ"),
        "documents": (documents["public"].slug, drafts["document"].slug),
        "organisations": (
            f.OrganisationFactory().slug,
            f.OrganisationFactory(publication_state="draft").slug,
        ),
        "people": (f.PersonFactory().slug, f.PersonFactory(publication_state="draft").slug),
        "priority-areas": (
            f.PriorityAreaFactory(work_plan=published["work_plan"]).uid,
            f.PriorityAreaFactory(publication_state="draft").uid,
        ),
    }
    cells = []
    for path in schema["paths"]:
        resource = path.split("/")[3]
        if "{" in path:
            published_key, draft_key = detail[resource]
            variants = [
                ("published", path.split("{")[0] + f"{published_key}/" + path.split("}/")[1], "ok"),
                ("draft", path.split("{")[0] + f"{draft_key}/" + path.split("}/")[1], "hidden"),
            ]
        else:
            query = "?q=matrix" if resource == "search" else ""
            variants = [("list", path + query, "ok")]
        for persona in PERSONAS:
            for variant, url, expected in variants:
                kind = f"{variant} {path}"
                cells.append(Cell(persona, "api", kind, "get", url, expected))
                for method in API_WRITES:
                    cells.append(Cell(persona, "api", kind, method, url, "denied"))
    for persona in PERSONAS:
        for access, document in documents.items():
            readable = persona in DOCUMENT_READERS[access]
            url = f"/api/v1/documents/{document.slug}/"
            expected = "ok" if readable else WITHHELD_ON_API
            cells.append(Cell(persona, "api", f"{access} document", "get", url, expected))
    return cells


# Admin URL names by what they do: (suffix, HTTP method, action needed, needs a record).
ADMIN_PAGES = [
    ("changelist", "get", "view", False),
    ("add", "get", "add", False),
    ("add", "post", "add", False),
    ("change", "get", "view", True),
    ("change", "post", "change", True),
    ("delete", "get", "delete", True),
    ("delete", "post", "delete", True),
    ("history", "get", "view", True),
    ("simple_history", "get", "view", True),
    ("deleted", "get", "view", False),
    ("preview", "get", "view", True),
    ("import", "get", "import", False),
    ("process_import", "post", "import", False),
    ("export", "get", "view", False),
]
# Site-level pages: every staff member opens them; nobody else does.
ADMIN_SITE_PAGES = ["index", "password_change", "jsi18n"]
# Site-level URLs that are not pages of their own, and why they are left out.
ADMIN_SITE_SKIPPED = {
    "login": "the sign-in form itself, open to all",
    "logout": "POST only, signs the client out",
    "password_change_done": "a confirmation after password_change",
    "autocomplete": "needs a field to complete; answers per the model's view permission",
    "view_on_site": "a redirect to the portal page of a record",
    "app_list": "covered through the index",
}


def admin_url_names() -> set[str]:
    """Every named admin URL: the site's own and each registered ModelAdmin's."""
    names = {p.name for p in admin.site.get_urls() if getattr(p, "name", None)}
    for model_admin in admin.site._registry.values():
        names |= {p.name for p in model_admin.get_urls() if p.name}
    return names


def admin_expected(persona: str, suffix: str, action: str, label: str, own: bool) -> str:
    """The table's answer for one admin page (ADMIN_PAGES) of kind `label`."""
    if persona in NOT_STAFF:
        return "login"
    if suffix == "preview" and not _has_portal_page(label):
        # A kind without a portal page has nothing to preview, for anyone.
        return "hidden"
    if label == "core.importjob" and action not in NEVER[label]:
        if suffix == "changelist":
            return "ok"
        return "ok" if persona in IMPORT_JOB_READERS else "hidden"
    if label in REVIEW and persona in TRANSLATORS and suffix != "changelist" and action == "view":
        return "ok" if persona == REVIEW_MARK_TRANSLATOR else "hidden"
    allowed = admin_allows(persona, action, label, own=own)
    if action == "view" and not allowed:
        allowed = admin_allows(persona, "change", label, own=own)
    return "ok" if allowed else "denied"


def _has_portal_page(label: str) -> bool:
    from accsm_portal.lib.record_types import record_type_for

    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    record_type = record_type_for(model)
    return record_type is not None and record_type.page is not None


def _admin_targets(records, label: str) -> list[tuple[str, object, bool]]:
    """The records whose pages are asked for: for a country-bound kind, the focal point's own
    state's and another state's."""
    if label in COUNTRY_KINDS:
        return [
            (" (own state)", records["own"][label], True),
            (" (another state)", records["other"][label], False),
        ]
    obj = records["by_kind"].get(label)
    assert obj is not None, f"no {label} record to open its admin pages"
    return [("", obj, True)]


def _admin_url(name: str, suffix: str, obj) -> str:
    if obj is None:
        return reverse(f"admin:{name}")
    args = [obj.pk]
    if suffix == "simple_history":
        args.append(obj.history.latest("history_id").history_id)
    return reverse(f"admin:{name}", args=args)


def admin_cells(records) -> list[Cell]:
    cells = []
    known = set(ADMIN_SITE_PAGES) | set(ADMIN_SITE_SKIPPED)
    for model, model_admin in admin.site._registry.items():
        names = {p.name for p in model_admin.get_urls() if p.name}
        known |= names
        if model._meta.app_label == "auth":
            continue  # accounts and groups: superusers only, below
        label = model._meta.label_lower
        prefix = f"{model._meta.app_label}_{model._meta.model_name}"
        for suffix, method, action, needs_record in ADMIN_PAGES:
            name = f"{prefix}_{suffix}"
            if name not in names:
                continue
            targets = _admin_targets(records, label) if needs_record else [("", None, True)]
            for note, obj, own in targets:
                url = _admin_url(name, suffix, obj)
                for persona in PERSONAS:
                    expected = admin_expected(persona, suffix, action, label, own)
                    kind = f"{label} {suffix}{note}"
                    cells.append(Cell(persona, "admin", kind, method, url, expected))
    for name in ("auth_user_changelist", "auth_group_changelist"):
        for persona in PERSONAS:
            expected = (
                "login" if persona in NOT_STAFF else ("ok" if persona == "superuser" else "denied")
            )
            cells.append(Cell(persona, "admin", name, "get", reverse(f"admin:{name}"), expected))
    for name in ADMIN_SITE_PAGES:
        for persona in PERSONAS:
            expected = "login" if persona in NOT_STAFF else "ok"
            cells.append(Cell(persona, "admin", name, "get", reverse(f"admin:{name}"), expected))
    unknown = admin_url_names() - known
    assert not unknown, f"admin URLs the matrix does not classify: {sorted(unknown)}"
    return cells


def publish_cells(records) -> list[Cell]:
    """The publish action on a draft meeting, by everyone with the meeting list open."""
    url = reverse("admin:meetings_meeting_changelist")
    return [
        Cell(
            p,
            "admin",
            "publish a draft meeting",
            "post",
            url,
            "published" if p in PUBLISHERS else "unchanged",
        )
        for p in PERSONAS
    ]


# -- The run -----------------------------------------------------------------------------------


def outcome(response) -> str:
    status = response.status_code
    if status in (401, 403, 405):
        return "denied"
    if status == 404:
        return "hidden"
    if status in (301, 302, 303):
        location = response.get("Location", "")
        if "/admin/login/" in location:
            return "login"
        # The admin answers a record outside the reader's queryset by sending them to its
        # home page ("... doesn't exist"): the record is hidden from them.
        return "hidden" if re.search(r"/admin/$", location) else "ok"
    if status < 300 or status == 304:
        return "ok"
    return f"status {status}"


def send(client: Client, cell: Cell):
    # Writes are sent empty, inside a savepoint that is rolled back: each reaches the permission
    # check, and an allowed one changes nothing for the next cell.
    with transaction.atomic():
        response = getattr(client, cell.method)(cell.url)
        transaction.set_rollback(True)
    # A file is streamed from an open file: close it, the body is not read. (Not
    # response.close(): it sends request_finished, which closes PostgreSQL's test connection.)
    # Its own closers close exactly the file (the private list is the only handle on them).
    if response.streaming:
        for close in response._resource_closers:
            close()
    return response


def test_every_role_gets_exactly_what_the_table_allows(personas, records, generous_api_rates):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    cells = portal_cells(records) + api_cells(records, schema) + admin_cells(records)

    cpu_started = time.process_time()
    mismatches = []
    counts: Counter = Counter()
    seconds: Counter = Counter()
    for cell in cells:
        started = time.perf_counter()
        got = outcome(send(personas[cell.persona], cell))
        seconds[cell.area] += time.perf_counter() - started
        counts[cell.area] += 1
        if got != cell.expected:
            mismatches.append((cell, got))

    draft = records["drafts"]["meeting"]
    for cell in publish_cells(records):
        with transaction.atomic():
            personas[cell.persona].post(
                cell.url, {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0}
            )
            draft.refresh_from_db()
            got = "published" if draft.publication_state == "published" else "unchanged"
            transaction.set_rollback(True)
        counts[cell.area] += 1
        if got != cell.expected:
            mismatches.append((cell, got))

    allows = [(c, g) for c, g in mismatches if g in {"ok", "published"}]
    denies = [(c, g) for c, g in mismatches if (c, g) not in allows]
    total = sum(counts.values())
    areas = ", ".join(f"{area} {n}" for area, n in sorted(counts.items()))
    line = (
        f"permission matrix: {total} cells ({areas}), {len(PERSONAS)} personas, "
        f"{len(allows)} unexpected allows, {len(denies)} unexpected denials"
    )
    timing = ", ".join(f"{a} {s:.0f} s" for a, s in sorted(seconds.items()))
    timing += f"; CPU time of the whole matrix {time.process_time() - cpu_started:.0f} s"
    report_figure("permission-matrix", f"{line}\nrequest time by area: {timing}")
    report = "\n".join(
        f"  {c.persona:16} {c.method.upper():6} {c.area:6} {c.kind:50} {c.url}: "
        f"expected {c.expected}, got {g}"
        for c, g in allows + denies
    )
    assert not mismatches, f"{line}\n{report}"


@pytest.fixture
def generous_api_rates(settings):
    """Every cell comes from 127.0.0.1: real API rates would throttle the matrix itself."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100000/min",
            "user": "100000/min",
            "partner": "100000/min",
        },
    }
