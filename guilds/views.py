from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from guilds import services
from guilds.models import Channel, Guild, GuildMember
from guilds.selectors import guild_channels
from guilds.serializers import (
    ChannelSerializer,
    GuildConfigSerializer,
    GuildConfigUpdateSerializer,
    GuildSerializer,
    MonitorChannelSerializer,
    PermissionsSerializer,
    PermissionsUpdateSerializer,
)
from noteticketing.api.client_ip import client_address
from noteticketing.api.guild_access import GuildScopedView, path_snowflake, path_user_id
from noteticketing.api.schema import document

CONFIGURE = "can_configure_bot"


class GuildListView(APIView):
    @document(GuildSerializer, many_key="guilds", counts=("total",), operation_id="guilds_list")
    def get(self, request):
        guilds = list(
            Guild.objects.select_related("config")
            .filter(members__user_id=request.user.user_id, left_at__isnull=True)
            .order_by("name", "id")
        )
        for guild in guilds:
            if not hasattr(guild, "config"):
                guild.config = services.guild_config_for(guild)
        return Response({"guilds": GuildSerializer(guilds, many=True).data, "total": len(guilds)})


class GuildDetailView(GuildScopedView):
    @document(GuildSerializer, operation_id="guilds_get")
    def get(self, request, guild_id):
        return Response(GuildSerializer(self.guild).data)


class ChannelListView(GuildScopedView):
    @document(ChannelSerializer, many_key="channels", operation_id="guilds_channels_list")
    def get(self, request, guild_id):
        channels = Channel.objects.filter(guild=self.guild, deleted_at__isnull=True)
        context = {"output_channel_id": self.guild.config.sweep_output_channel_id}
        return Response({"channels": ChannelSerializer(channels, many=True, context=context).data})


class MonitorChannelView(GuildScopedView):
    permissions = {"POST": CONFIGURE}

    @document(
        ChannelSerializer, request=MonitorChannelSerializer, operation_id="guilds_channels_monitor"
    )
    def post(self, request, guild_id):
        serializer = MonitorChannelSerializer(
            data=request.data, context={"channels": guild_channels(self.guild)}
        )
        serializer.is_valid(raise_exception=True)
        channel = services.channel_set_monitored(
            config=self.guild.config,
            channel=serializer.validated_data["channel_id"],
            monitored=True,
            actor=request.user.user_id,
            ip_address=client_address(request),
        )
        context = {"output_channel_id": self.guild.config.sweep_output_channel_id}
        return Response(ChannelSerializer(channel, context=context).data)


class UnmonitorChannelView(GuildScopedView):
    permissions = {"DELETE": CONFIGURE}

    @document(None, status=204, operation_id="guilds_channels_unmonitor")
    def delete(self, request, guild_id, channel_id):
        channel_pk = path_snowflake(channel_id, "channelId")
        channel = Channel.objects.filter(
            guild=self.guild, id=channel_pk, deleted_at__isnull=True
        ).first()
        if channel is None:
            raise NotFound("Channel not found")
        services.channel_set_monitored(
            config=self.guild.config,
            channel=channel,
            monitored=False,
            actor=request.user.user_id,
            ip_address=client_address(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class GuildConfigView(GuildScopedView):
    permissions = {"PATCH": CONFIGURE}

    def _render(self):
        config = self.guild.config
        monitored = Channel.objects.filter(
            guild=self.guild, monitored=True, deleted_at__isnull=True
        ).values_list("id", flat=True)
        context = {"monitored_ids": list(monitored)}
        return Response(GuildConfigSerializer(config, context=context).data)

    @document(GuildConfigSerializer, operation_id="guilds_config_get")
    def get(self, request, guild_id):
        return self._render()

    @document(
        GuildConfigSerializer,
        request=GuildConfigUpdateSerializer,
        operation_id="guilds_config_update",
    )
    def patch(self, request, guild_id):
        serializer = GuildConfigUpdateSerializer(
            data=request.data, context={"channels": guild_channels(self.guild)}
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.guild_config_update(
            config=self.guild.config,
            active=data.get("active"),
            privacy_mode_enabled=data.get("privacy_mode_enabled"),
            channels_to_monitor=data.get("channels_to_monitor"),
            todo_channel=data.get("todo_channel_id", ...),
            sweep_output_channel=data.get("sweep_output_channel_id", ...),
            sweep_interval_hours=data.get("sweep_interval_hours"),
            actor=request.user.user_id,
            ip_address=client_address(request),
        )
        return self._render()


class MemberPermissionsView(GuildScopedView):
    permissions = {"PUT": CONFIGURE}

    @document(PermissionsSerializer, operation_id="guilds_permissions_get")
    def get(self, request, guild_id, user_id):
        user_id = path_user_id(user_id)
        member = GuildMember.objects.filter(guild=self.guild, user_id=user_id).first()
        if member is None:
            raise NotFound("Member not found")
        member.guild = self.guild
        return Response(PermissionsSerializer(member).data)

    @document(
        PermissionsSerializer,
        request=PermissionsUpdateSerializer,
        operation_id="guilds_permissions_set",
    )
    def put(self, request, guild_id, user_id):
        user_id = path_user_id(user_id)
        serializer = PermissionsUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = services.member_set_permissions(
            guild=self.guild,
            user_id=user_id,
            permissions=serializer.validated_data["permissions"],
            actor=request.user.user_id,
            ip_address=client_address(request),
        )
        return Response(PermissionsSerializer(member).data)
