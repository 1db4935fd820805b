"""Roles are groups created by migrate, with exactly their permissions."""

import pytest
from django.contrib.auth.models import Group, Permission

from accsm_portal.core.roles import DELEGATE, PARTNER, ROLE_PERMISSIONS, sync_roles

pytestmark = pytest.mark.django_db


def test_migrate_created_every_role_with_its_permissions():
    for role, labels in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == labels


def test_a_delegate_reads_delegate_documents_but_not_secretariat_ones(delegate):
    assert delegate.has_perm("core.view_delegate_documents")
    assert not delegate.has_perm("core.view_secretariat_documents")
    assert not delegate.has_perm("meetings.change_meeting")


def test_sync_removes_a_permission_granted_by_hand():
    group = Group.objects.get(name=PARTNER)
    group.permissions.add(Permission.objects.get(codename="delete_meeting"))

    sync_roles()

    assert not group.permissions.filter(codename="delete_meeting").exists()
    assert Group.objects.filter(name=DELEGATE).exists()
