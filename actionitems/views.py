from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from actionitems import analytics, services
from actionitems.analytics import PERIOD_DAYS, parse_period
from actionitems.filters import FILTERS, ActionItemFilter
from actionitems.models import ActionItem
from actionitems.rendering import as_bodies, item_pages, item_row
from actionitems.selectors import guild_item
from actionitems.serializers import (
    ActionItemAnalyticsSerializer,
    ActionItemCreateSerializer,
    ActionItemSerializer,
    ActionItemStatusSerializer,
    ActionItemUpdateSerializer,
    AnalyticsSerializer,
    GuildStatsSerializer,
)
from actionitems.totals import item_total
from guilds.selectors import guild_channels
from noteticketing.api.fields import SNOWFLAKE_PATTERN, USER_ID_SCHEMA_PATTERN
from noteticketing.api.guild_access import GuildScopedView, path_item_id
from noteticketing.api.pagination import PageSize, paginate
from noteticketing.api.schema import document

MANAGE = "can_manage_action_items"
PAGE = PageSize(default=50, maximum=100)
LIST_PARAMETERS = [
    OpenApiParameter("status", enum=["pending", "in_progress", "completed", "archived"]),
    OpenApiParameter("priority", enum=["low", "medium", "high"]),
    OpenApiParameter("channel_id", str, pattern=SNOWFLAKE_PATTERN),
    OpenApiParameter("assigned_to", str, pattern=USER_ID_SCHEMA_PATTERN),
    OpenApiParameter("sort", enum=["created_at", "priority", "updated_at"]),
    OpenApiParameter("order", enum=["asc", "desc"]),
    *PAGE.parameters(),
]


class ActionItemListView(GuildScopedView):
    permissions = {"POST": MANAGE}

    @document(
        ActionItemSerializer,
        many_key="action_items",
        counts=("total", "limit", "offset"),
        parameters=LIST_PARAMETERS,
        operation_id="action_items_list",
    )
    def get(self, request, guild_id):
        base = ActionItem.objects.filter(guild=self.guild)
        filterset = ActionItemFilter(request.query_params, queryset=base)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        filters = {name: filterset.form.cleaned_data.get(name) for name in FILTERS}
        page = paginate(
            request,
            item_pages(self.guild.id, filterset.wanted(), filterset.sorting()),
            PAGE,
            count=lambda: item_total(self.guild.id, filters, filterset.qs),
            render=as_bodies,
        )
        self.record_access("API access to action items")
        return Response(page.body("action_items", page.items))

    @document(
        ActionItemSerializer,
        request=ActionItemCreateSerializer,
        status=201,
        operation_id="action_items_create",
    )
    def post(self, request, guild_id):
        serializer = ActionItemCreateSerializer(
            data=request.data, context={"channels": guild_channels(self.guild)}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item = services.action_item_create(
            guild=self.guild,
            channel=data.pop("channel_id"),
            created_by=request.user.user_id,
            **data,
        )
        return Response(ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)


class _ItemView(GuildScopedView):
    def item(self, item_id: str) -> ActionItem:
        item = guild_item(guild_id=self.guild.id, public_id=path_item_id(item_id))
        if item is None:
            raise NotFound("Action item not found")
        return item


class ActionItemDetailView(_ItemView):
    permissions = {"PUT": MANAGE, "DELETE": MANAGE}

    @document(ActionItemSerializer, operation_id="action_items_get")
    def get(self, request, guild_id, item_id):
        public_id = path_item_id(item_id)
        found = as_bodies(item_row(self.guild.id, public_id))
        if not found:
            raise NotFound("Action item not found")
        self.record_access(f"API access to action items ({public_id})")
        return Response(found[0])

    @document(
        ActionItemSerializer, request=ActionItemUpdateSerializer, operation_id="action_items_update"
    )
    def put(self, request, guild_id, item_id):
        item = self.item(item_id)
        serializer = ActionItemUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.action_item_update(item=item, **serializer.validated_data)
        return Response(ActionItemSerializer(item).data)

    @document(None, status=204, operation_id="action_items_delete")
    def delete(self, request, guild_id, item_id):
        services.action_item_delete(item=self.item(item_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ActionItemStatusView(_ItemView):
    @document(
        ActionItemSerializer,
        request=ActionItemStatusSerializer,
        operation_id="action_items_set_status",
    )
    def patch(self, request, guild_id, item_id):
        item = self.item(item_id)
        is_assignee = item.assigned_to is not None and item.assigned_to == request.user.user_id
        if not (is_assignee or self.member.has_permission(MANAGE)):
            raise PermissionDenied(f"This needs the {MANAGE} permission, or to be the assignee")
        serializer = ActionItemStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.action_item_set_status(
            item=item, status=serializer.validated_data["status"]
        )
        return Response(ActionItemSerializer(item).data)


ANALYTICS = "can_view_analytics"
PERIOD_PARAMETER = OpenApiParameter("period", enum=list(PERIOD_DAYS), required=True)


def _period(request):
    return parse_period(request.query_params.get("period"))


class AnalyticsView(GuildScopedView):
    permissions = {"GET": ANALYTICS}

    @document(AnalyticsSerializer, parameters=[PERIOD_PARAMETER], operation_id="analytics_get")
    def get(self, request, guild_id):
        return Response(analytics.guild_analytics(self.guild, _period(request)))


class ActionItemAnalyticsView(GuildScopedView):
    permissions = {"GET": ANALYTICS}

    @document(
        ActionItemAnalyticsSerializer,
        parameters=[PERIOD_PARAMETER],
        operation_id="analytics_action_items",
    )
    def get(self, request, guild_id):
        return Response(analytics.action_item_breakdown(self.guild, _period(request)))


class GuildStatsView(GuildScopedView):
    permissions = {"GET": ANALYTICS}

    @document(GuildStatsSerializer, parameters=[PERIOD_PARAMETER], operation_id="guilds_stats")
    def get(self, request, guild_id):
        return Response(analytics.guild_stats(self.guild, _period(request)))
