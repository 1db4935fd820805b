"""`{% admin_home as home %}`: the signed-in editor's backlog and the overdue action items for
the admin's home page (accsm_portal/admin_home.py)."""

from django import template

from accsm_portal.admin_home import AdminHome, admin_home_for

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_home(context) -> AdminHome:
    return admin_home_for(context["request"].user)
