"""Django's json serializer, writing a history row's reference to a deleted record as its id."""

from django.core.serializers import json as django_json

from accsm_portal.lib.serializers import DanglingReferenceMixin

Deserializer = django_json.Deserializer


class Serializer(DanglingReferenceMixin, django_json.Serializer):
    pass
