"""Query builder for the audit log list."""

import django_filters

from actionitems.filters import NoBlankParamsForm
from audit.models import AuditLog


class AuditLogFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(choices=AuditLog.Action.choices)

    class Meta:
        model = AuditLog
        fields = ["action"]
        form = NoBlankParamsForm
