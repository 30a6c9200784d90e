from django.urls import path

from actionitems import views

urlpatterns = [
    path(
        "guilds/<str:guild_id>/action-items",
        views.ActionItemListView.as_view(),
        name="action-item-list",
    ),
    path(
        "guilds/<str:guild_id>/action-items/<str:item_id>",
        views.ActionItemDetailView.as_view(),
        name="action-item-detail",
    ),
    path(
        "guilds/<str:guild_id>/action-items/<str:item_id>/status",
        views.ActionItemStatusView.as_view(),
        name="action-item-status",
    ),
    path("guilds/<str:guild_id>/analytics", views.AnalyticsView.as_view(), name="analytics"),
    path(
        "guilds/<str:guild_id>/analytics/action-items",
        views.ActionItemAnalyticsView.as_view(),
        name="analytics-action-items",
    ),
    path("guilds/<str:guild_id>/stats", views.GuildStatsView.as_view(), name="guild-stats"),
]
