"""Django's json serializer, keeping microseconds and deleted records' ids."""

from django.core.serializers import json as django_json

from accsm_portal.lib.serializers import DanglingReferenceMixin, ExactTimesMixin

Deserializer = django_json.Deserializer


class Serializer(ExactTimesMixin, DanglingReferenceMixin, django_json.Serializer):
    pass
