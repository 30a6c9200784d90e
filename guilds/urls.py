from django.urls import path

from guilds import views

urlpatterns = [
    path("guilds", views.GuildListView.as_view(), name="guild-list"),
    path("guilds/<str:guild_id>", views.GuildDetailView.as_view(), name="guild-detail"),
    path("guilds/<str:guild_id>/channels", views.ChannelListView.as_view(), name="channel-list"),
    path(
        "guilds/<str:guild_id>/channels/monitor",
        views.MonitorChannelView.as_view(),
        name="channel-monitor",
    ),
    path(
        "guilds/<str:guild_id>/channels/monitor/<str:channel_id>",
        views.UnmonitorChannelView.as_view(),
        name="channel-unmonitor",
    ),
    path("guilds/<str:guild_id>/config", views.GuildConfigView.as_view(), name="guild-config"),
    path(
        "guilds/<str:guild_id>/users/<str:user_id>/permissions",
        views.MemberPermissionsView.as_view(),
        name="member-permissions",
    ),
]
