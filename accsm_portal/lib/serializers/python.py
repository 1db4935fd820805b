"""Django's python serializer, writing a history row's reference to a deleted record as its id."""

from django.core.serializers import python as django_python

from accsm_portal.lib.serializers import DanglingReferenceMixin

Deserializer = django_python.Deserializer


class Serializer(DanglingReferenceMixin, django_python.Serializer):
    pass
