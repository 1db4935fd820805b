"""The portal's roles, as Django groups with exactly these permissions.

`sync_roles()` runs after every `migrate` (post_migrate) and from `manage.py sync_roles`, so a
new installation and an upgraded one have the same groups. Change a role here, nowhere else.

Model permissions say what a role may do to a kind of record; the admin adds what permissions
cannot say (core/admin_base.py): a translator edits only the columns of their language, and a
focal point only the records of their own country (core.FocalPoint).
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission

# Delegates of member states: signed in on the portal, read documents restricted to delegates.
DELEGATE = "delegate"
# Partner systems: API tokens with higher rate limits, read delegate-level documents.
PARTNER = "partner"
# Secretariat staff: edit every record, publish, import, restore.
SECRETARIAT_EDITOR = "secretariat_editor"
# One group per language: edits that language's columns of any record; no publish, no delete.
TRANSLATOR_PREFIX = "translator_"
TRANSLATORS = {f"{TRANSLATOR_PREFIX}{code}": code for code, _name in settings.LANGUAGES}
# A member state's focal point: edits its own country's delegations, activities and ARC.
FOCAL_POINT = "focal_point"
# Reads the admin, changes nothing.
VIEWER = "viewer"
# Staff who manage partner systems: issue API tokens (the secret is shown once), see when each
# was last used, revoke them. Nobody else sees tokens: a token list names every partner.
PARTNER_MANAGER = "partner_manager"
API_TOKEN_PERMISSIONS = {
    "accsm_portal.view_apitoken",
    "accsm_portal.add_apitoken",
    "accsm_portal.change_apitoken",  # revoking is the only change
}

PUBLISH_PERMISSION = "core.publish_records"
# What was sent about action items: a log, never edited by hand.
REMINDER_PERMISSIONS = {"meetings.view_actionitemreminder", "meetings.view_overduedigest"}
# Partner systems' webhooks (accsm_portal/webhooks/) are the secretariat's: no other staff role
# sees a partner's deliveries, and only the partner manager also sees (never edits) its
# subscriptions, on the token they read with. ("change" on a delivery is its redeliver.)
WEBHOOK_PERMISSIONS = {
    "webhooks.add_webhooksubscription",
    "webhooks.change_webhooksubscription",
    "webhooks.delete_webhooksubscription",
    "webhooks.view_webhooksubscription",
    "webhooks.view_webhookdelivery",
    "webhooks.change_webhookdelivery",
    "webhooks.view_deliveryattempt",
}
DOCUMENT_READ_PERMISSIONS = {"core.view_delegate_documents", "core.view_secretariat_documents"}
# The "translations to review" page (core.TranslationReview): marks are written and cleared
# through core/services.py, which checks the translator's language and core.publish_records.
REVIEW_VIEW_PERMISSION = "core.view_translationreview"

# Every record kind edited in the admin, by app. A new model is added here and so reaches
# every role at the next migrate.
RECORD_MODELS: dict[str, tuple[str, ...]] = {
    "core": (
        "country",
        "organisation",
        "person",
        "position",
        "source",
        "citation",
        "document",
        "documentfile",
    ),
    "meetings": (
        "series",
        "chairmanshipcycle",
        "meeting",
        "handover",
        "agendaitem",
        "delegation",
        "delegationmember",
        "outcome",
        "actionitem",
    ),
    "workplans": ("workplan", "priorityarea", "activity", "progressreport"),
    "arcs": ("resourcecentre", "themeperiod", "selfassessment"),
}
# Records without translated text: translators have nothing to change there.
UNTRANSLATED_MODELS = {"core.documentfile"}
# What a focal point may add and change (only for their own country, see core/admin_base.py).
FOCAL_POINT_EDITS: dict[str, tuple[str, ...]] = {
    "meetings.delegation": ("add", "change"),
    "meetings.delegationmember": ("add", "change", "delete"),
    "workplans.activity": ("add", "change"),
    "arcs.resourcecentre": ("change",),
    "arcs.themeperiod": ("add", "change"),
    "arcs.selfassessment": ("add", "change"),
}


def _labels(actions: tuple[str, ...], models: list[str] | None = None) -> set[str]:
    models = models or [f"{app}.{m}" for app, names in RECORD_MODELS.items() for m in names]
    return {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in models
        for action in actions
    }


def _role_permissions() -> dict[str, set[str]]:
    view_all = _labels(("view",))
    translated = [
        f"{app}.{m}"
        for app, names in RECORD_MODELS.items()
        for m in names
        if f"{app}.{m}" not in UNTRANSLATED_MODELS
    ]
    focal_point = set(view_all)
    for label, actions in FOCAL_POINT_EDITS.items():
        focal_point |= _labels(actions, [label])
    roles = {
        DELEGATE: {"core.view_delegate_documents"},
        PARTNER: {"core.view_delegate_documents"},
        SECRETARIAT_EDITOR: _labels(("add", "change", "delete", "view"))
        | {PUBLISH_PERMISSION, "core.view_focalpoint", REVIEW_VIEW_PERMISSION}
        | DOCUMENT_READ_PERMISSIONS
        | WEBHOOK_PERMISSIONS
        | REMINDER_PERMISSIONS
        | {"core.add_userpreference", "core.change_userpreference", "core.view_userpreference"},
        FOCAL_POINT: focal_point | {"core.view_delegate_documents"},
        VIEWER: view_all
        | DOCUMENT_READ_PERMISSIONS
        | REMINDER_PERMISSIONS
        | {REVIEW_VIEW_PERMISSION},
        # A token's page lists the webhook subscriptions that read with it: its manager sees
        # them (read-only; the secretariat editors create and change subscriptions).
        PARTNER_MANAGER: API_TOKEN_PERMISSIONS | {"webhooks.view_webhooksubscription"},
    }
    for group in TRANSLATORS:
        roles[group] = (
            view_all
            | _labels(("change",), translated)
            | DOCUMENT_READ_PERMISSIONS
            | {REVIEW_VIEW_PERMISSION}
        )
    return roles


ROLE_PERMISSIONS: dict[str, set[str]] = _role_permissions()

User = AbstractBaseUser | AnonymousUser


def user_roles(user: User) -> frozenset[str]:
    """The role groups of a user, read once per request object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_accsm_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._accsm_roles = cached
    return cached


def translator_languages(user: User) -> set[str] | None:
    """The languages a translator may edit, or None for a user whose edits are not limited to
    some languages (a secretariat editor, a superuser, a focal point)."""
    if not user.is_authenticated or user.is_superuser:
        return None
    roles = user_roles(user)
    if SECRETARIAT_EDITOR in roles or FOCAL_POINT in roles:
        return None
    languages = {code for group, code in TRANSLATORS.items() if group in roles}
    return languages or None


def focal_point_country_id(user: User) -> int | None:
    """The country a focal point edits for; None for everyone else (and for a focal point whose
    country is not set, who then edits nothing)."""
    if not user.is_authenticated or user.is_superuser:
        return None
    roles = user_roles(user)
    if FOCAL_POINT not in roles or SECRETARIAT_EDITOR in roles:
        return None
    if not hasattr(user, "_accsm_focal_country"):
        from accsm_portal.core.models import FocalPoint

        link = FocalPoint.objects.filter(user=user).values_list("country_id", flat=True).first()
        # 0 matches no country: a focal point without a country edits nothing.
        user._accsm_focal_country = link or 0
    return user._accsm_focal_country


def can_publish(user: User) -> bool:
    return user.is_authenticated and user.has_perm(PUBLISH_PERMISSION)


def _permissions(labels: set[str]) -> list[Permission]:
    found = []
    for label in sorted(labels):
        app_label, codename = label.split(".", 1)
        found.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def sync_roles() -> dict[str, int]:
    """Create each role's group and give it exactly the role's permissions.

    It runs after each app's migrations; a permission whose app has not migrated yet is added by
    the run after that app, so the groups are complete once `migrate` ends."""
    counts = {}
    for role, labels in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = _permissions(labels)
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts
