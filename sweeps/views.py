from rest_framework import status
from rest_framework.response import Response

from actionitems.totals import item_total
from guilds.models import Channel
from guilds.selectors import guild_channels
from noteticketing.api.client_ip import client_address
from noteticketing.api.guild_access import GuildScopedView
from noteticketing.api.pagination import PageSize, paginate
from noteticketing.api.schema import document
from sweeps.models import Sweep
from sweeps.serializers import SweepSerializer, SweepStatusSerializer, SweepTriggerSerializer
from sweeps.services import sweep_request

HISTORY_PAGE = PageSize(default=20, maximum=100)


class SweepStatusView(GuildScopedView):
    @document(SweepStatusSerializer, operation_id="sweeps_status")
    def get(self, request, guild_id):
        config = self.guild.config
        body = {
            "guild_id": str(self.guild.id),
            "active": config.active,
            "interval_hours": config.sweep_interval_hours,
            "last_sweep_time": config.last_sweep_time,
            "next_sweep_time": config.next_sweep_time,
            "output_channel_id": (
                str(config.sweep_output_channel_id) if config.sweep_output_channel_id else None
            ),
            "monitored_channels": Channel.objects.filter(
                guild=self.guild, monitored=True, deleted_at__isnull=True
            ).count(),
            "total_action_items": item_total(self.guild.id, {}, self.guild.action_items.all()),
        }
        return Response(SweepStatusSerializer(body).data)


class SweepTriggerView(GuildScopedView):
    permissions = {"POST": "can_trigger_sweeps"}

    @document(
        SweepSerializer, request=SweepTriggerSerializer, status=202, operation_id="sweeps_trigger"
    )
    def post(self, request, guild_id):
        serializer = SweepTriggerSerializer(
            data=request.data, context={"channels": guild_channels(self.guild, monitored_only=True)}
        )
        serializer.is_valid(raise_exception=True)
        sweep = sweep_request(
            guild=self.guild,
            trigger=Sweep.Trigger.API,
            triggered_by=request.user.user_id,
            channels=serializer.validated_data.get("channel_ids"),
            force=serializer.validated_data["force"],
            ip_address=client_address(request),
        )
        return Response(SweepSerializer(sweep).data, status=status.HTTP_202_ACCEPTED)


class SweepHistoryView(GuildScopedView):
    @document(
        SweepSerializer,
        many_key="sweeps",
        counts=("total", "limit", "offset"),
        operation_id="sweeps_history",
        parameters=HISTORY_PAGE.parameters(),
    )
    def get(self, request, guild_id):
        sweeps = Sweep.objects.filter(guild=self.guild).order_by("-triggered_at", "-id")
        page = paginate(request, sweeps, HISTORY_PAGE)
        return Response(page.body("sweeps", SweepSerializer(page.items, many=True).data))
