"""Every kind of page carries the security headers, and no page runs a script the
Content-Security-Policy would refuse: portal pages in the four languages, the admin (login,
index, a record list, the tabbed change form, history, import and export), the API and its
documentation, /healthz and the 404 page. HSTS is checked on a process started with production
settings, since the test settings turn it off."""

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accsm_portal.core.models import Source
from tests.accounts import login
from tests.pages import build_portal
from tests.portal.test_settings import GOOD_KEY, run_with_env

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "km", "lo", "vi"]
# Script types a browser does not run, so CSP does not apply to them (json_script).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class InlineCode(HTMLParser):
    """Inline scripts without the response's nonce, event handler attributes and javascript:
    URLs: everything in a page that a policy without 'unsafe-inline' refuses to run."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction"}

    def __init__(self, nonce: str | None) -> None:
        super().__init__()
        self.nonce = nonce
        self.found: list[str] = []
        self._open_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in self.URL_ATTRIBUTES and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._open_script = attributes

    def handle_data(self, data):
        script = self._open_script
        if script is None or "src" in script or not data.strip():
            return
        if (script.get("type") or "").lower() in DATA_SCRIPT_TYPES:
            return
        if self.nonce is None or script.get("nonce") != self.nonce:
            self.found.append(f"inline <script>: {data.strip()[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._open_script = None


def header_problems(response) -> list[str]:
    """What is missing or wrong in one response's security headers and inline code."""
    problems = []
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    for name, value in expected.items():
        if response.headers.get(name) != value:
            problems.append(f"{name}: {response.headers.get(name)!r}")
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return [*problems, "no Content-Security-Policy"]
    policy = csp_directives(header)
    for name, values in {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }.items():
        if policy.get(name) != values:
            problems.append(f"CSP {name}: {policy.get(name)!r}")
    scripts = policy.get("script-src", [])
    if scripts[:1] != ["'self'"] or {"'unsafe-inline'", "'unsafe-eval'"} & set(scripts):
        problems.append(f"CSP script-src: {scripts!r}")
    if any(source.startswith(("http:", "https:")) or "*" in source for source in header.split()):
        problems.append("CSP allows another host")
    if response["Content-Type"].startswith("text/html"):
        nonces = [s[len("'nonce-") : -1] for s in scripts if s.startswith("'nonce-")]
        parser = InlineCode(nonces[0] if nonces else None)
        parser.feed(response.content.decode())
        problems += parser.found
    return problems


def sweep(client, paths: list[str], status: int = 200) -> dict[str, list[str]]:
    """Path -> problems, for every path whose answer is not as expected."""
    failures = {}
    for path in paths:
        response = client.get(path)
        problems = header_problems(response)
        if response.status_code != status:
            problems.insert(0, f"status {response.status_code}")
        if problems:
            failures[path] = problems
    return failures


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_portal_page_carries_the_security_headers(anonymous_visitor, language):
    portal = build_portal(1)
    source = Source.objects.get()
    pages = [
        "",
        "meetings/",
        f"meetings/{portal.meetings[0].slug}/",
        "workplans/",
        f"workplans/{portal.work_plan.slug}/",
        f"workplans/activities/{portal.english_only_activity.slug}/",
        "arcs/",
        f"arcs/{portal.centres[0].slug}/",
        "states/",
        "states/vn/",
        "documents/",
        f"documents/{portal.public_document.slug}/",
        f"sources/{source.slug}/",
        "search/?q=ACCSM",
        "accounts/login/",
    ]

    failures = sweep(anonymous_visitor, [f"/{language}/{page}" for page in pages])

    assert failures == {}
    # A page served from the page cache carries them as well.
    assert sweep(anonymous_visitor, [f"/{language}/meetings/"]) == {}


def test_admin_pages_carry_the_security_headers_and_run_no_inline_code(client, django_user_model):
    # given the tabbed change form of a translated record, its history (list and one
    # version's form), the deleted records, import and export
    portal = build_portal(1)
    meeting = portal.meetings[0]
    login_page = sweep(client, [reverse("admin:login")])
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    login(client, superuser)
    pages = [
        reverse("admin:index"),
        reverse("admin:meetings_meeting_changelist"),
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        reverse("admin:meetings_meeting_add"),
        reverse("admin:meetings_meeting_history", args=[meeting.pk]),
        reverse(
            "admin:meetings_meeting_simple_history",
            args=[meeting.pk, meeting.history.earliest().history_id],
        ),
        reverse("admin:meetings_meeting_deleted"),
        reverse("admin:meetings_meeting_import"),
        reverse("admin:meetings_meeting_export"),
        reverse("admin:workplans_activity_change", args=[portal.english_only_activity.pk]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[superuser.pk]),
    ]

    # when each one is opened
    failures = sweep(client, pages)

    # then
    assert login_page == {}
    assert failures == {}


def test_the_export_page_keeps_its_select_all_box_without_an_inline_handler(
    client, django_user_model
):
    login(client, django_user_model.objects.create_superuser("root", "r@example.org", "pw"))

    response = client.get(reverse("admin:meetings_meeting_export"))

    html = response.content.decode()
    assert 'class="select-toggle"' in html
    assert "onchange" not in html
    assert "admin/accsm/export_select_all.js" in html


def test_api_healthz_and_error_pages_carry_the_security_headers(anonymous_visitor):
    build_portal(1)

    ok = sweep(anonymous_visitor, ["/api/v1/", "/api/v1/meetings/", "/api/v1/docs/", "/healthz"])
    missing = sweep(anonymous_visitor, ["/en/no-such-page/", "/api/v1/no-such-resource/"], 404)

    assert ok == {}
    assert missing == {}


def test_swagger_ui_starts_from_a_script_file_not_an_inline_script(anonymous_visitor):
    page = anonymous_visitor.get("/api/v1/docs/")
    script = anonymous_visitor.get("/api/v1/docs/?script=")

    assert '<script src="/api/v1/docs/?script="></script>' in page.content.decode()
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_https_answers_carry_hsts_in_production(tmp_path):
    """A process with production settings behind the TLS proxy: HSTS on HTTPS answers; plain
    HTTP pages are sent to HTTPS (the health probe, polled inside the network, is not)."""
    probe = (
        "import json, django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client()\n"
        "def headers(path, **extra):\n"
        "    response = client.get(path, HTTP_HOST='portal.example.org', **extra)\n"
        "    return {'status': response.status_code, **dict(response.headers.items())}\n"
        "print(json.dumps({\n"
        "    'https': headers('/healthz', HTTP_X_FORWARDED_PROTO='https'),\n"
        "    'https_404': headers('/api/v1/nothing/', HTTP_X_FORWARDED_PROTO='https'),\n"
        "    'http': headers('/healthz'),\n"
        "    'http_page': headers('/en/'),\n"
        "}))\n"
    )

    result = run_with_env(
        ["-c", probe],
        DEBUG="false",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portal.example.org",
        BEHIND_TLS_PROXY="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    hsts = "max-age=31536000; includeSubDomains; preload"
    assert answers["https"]["Strict-Transport-Security"] == hsts
    assert answers["https_404"]["Strict-Transport-Security"] == hsts
    assert "Content-Security-Policy" in answers["https"]
    assert "Strict-Transport-Security" not in answers["http"]
    assert answers["http_page"]["status"] == 301
    assert answers["http_page"]["Location"] == "https://portal.example.org/en/"
