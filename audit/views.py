from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from audit import export
from audit.filters import AuditLogFilter
from audit.models import AuditLog
from audit.serializers import AuditLogSerializer, UserDataErasureSerializer
from audit.services import user_data_erase
from noteticketing.api.client_ip import client_address
from noteticketing.api.guild_access import GuildScopedView, path_user_id
from noteticketing.api.pagination import PageSize, paginate
from noteticketing.api.schema import document

PAGE = PageSize(default=50, maximum=100)

CONFIGURE = "can_configure_bot"


class AuditLogView(GuildScopedView):
    """The guild's audit log, newest first; it cannot be changed through the API."""

    permissions = {"GET": CONFIGURE}

    @document(
        AuditLogSerializer,
        many_key="audit_logs",
        counts=("total", "limit", "offset"),
        operation_id="privacy_audit_list",
        parameters=[
            OpenApiParameter("action", enum=AuditLog.Action.values),
            *PAGE.parameters(),
        ],
    )
    def get(self, request, guild_id):
        queryset = AuditLog.objects.filter(guild=self.guild).order_by("-timestamp", "-id")
        filterset = AuditLogFilter(request.query_params, queryset=queryset)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = paginate(request, filterset.qs, PAGE)
        rendered = AuditLogSerializer(page.items, many=True).data
        self.record_access("API access to the audit log")
        return Response(page.body("audit_logs", rendered))


class UserDataView(GuildScopedView):
    permissions = {"DELETE": CONFIGURE}

    @document(UserDataErasureSerializer, operation_id="privacy_user_data_delete")
    def delete(self, request, guild_id, user_id):
        erased = user_data_erase(
            guild=self.guild,
            user_id=path_user_id(user_id),
            actor=request.user.user_id,
            ip_address=client_address(request),
        )
        return Response(UserDataErasureSerializer(erased).data)


EXPORT_FORMATS = ("json", "csv")
BOOLEANS = {"true": True, "false": False}
_BINARY = {"type": "string", "format": "binary"}


def _choice(request, name: str, choices, default: str) -> str:
    value = request.query_params.get(name, default)
    if value not in choices:
        raise ValidationError({name: f"Must be one of: {', '.join(choices)}."})
    return value


class ExportView(GuildScopedView):
    permissions = {"GET": CONFIGURE}

    @extend_schema(
        operation_id="export_get",
        parameters=[
            OpenApiParameter("format", enum=list(EXPORT_FORMATS), description="default json"),
            OpenApiParameter("include_audit", enum=list(BOOLEANS), description="default false"),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, "The JSON export"),
            (200, "text/csv"): OpenApiResponse(_BINARY, "One row per action item"),
            (200, "application/zip"): OpenApiResponse(
                _BINARY, "action_items.csv and audit_logs.csv (include_audit=true)"
            ),
        },
    )
    def get(self, request, guild_id):
        kind = _choice(request, "format", EXPORT_FORMATS, "json")
        include_audit = BOOLEANS[_choice(request, "include_audit", BOOLEANS, "false")]
        if kind == "json":
            body, content_type, suffix = (
                export.export_json(self.guild, include_audit=include_audit),
                "application/json",
                "json",
            )
        elif include_audit:
            body, content_type, suffix = export.export_zip(self.guild), "application/zip", "zip"
        else:
            body, content_type, suffix = export.export_csv(self.guild), "text/csv", "csv"
        audit = ", with the audit log" if include_audit else ""
        self.record_access(f"Data export as {kind}{audit}")
        response = StreamingHttpResponse(body, content_type=content_type)
        filename = f"noteticketing-{self.guild.id}-{timezone.now():%Y%m%d}.{suffix}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
