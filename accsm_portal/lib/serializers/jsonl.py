"""Django's jsonl serializer, keeping microseconds and deleted records' ids."""

from django.core.serializers import jsonl as django_jsonl

from accsm_portal.lib.serializers import DanglingReferenceMixin, ExactTimesMixin

Deserializer = django_jsonl.Deserializer


class Serializer(ExactTimesMixin, DanglingReferenceMixin, django_jsonl.Serializer):
    pass
