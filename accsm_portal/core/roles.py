"""The portal's roles, as Django groups with exactly these permissions.

`sync_roles()` runs after every `migrate` (post_migrate) and from `manage.py sync_roles`, so a
new installation and an upgraded one have the same groups. Change a role here, nowhere else.
"""

from django.contrib.auth.models import Group, Permission

# Delegates of member states: signed in on the portal, read documents restricted to delegates.
DELEGATE = "delegate"
# Partner systems: API tokens with higher rate limits, read delegate-level documents.
PARTNER = "partner"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    DELEGATE: {"core.view_delegate_documents"},
    PARTNER: {"core.view_delegate_documents"},
}


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
