from django.urls import path

from sweeps import views

urlpatterns = [
    path(
        "guilds/<str:guild_id>/sweep/status", views.SweepStatusView.as_view(), name="sweep-status"
    ),
    path(
        "guilds/<str:guild_id>/sweep/trigger",
        views.SweepTriggerView.as_view(),
        name="sweep-trigger",
    ),
    path(
        "guilds/<str:guild_id>/sweep/history",
        views.SweepHistoryView.as_view(),
        name="sweep-history",
    ),
]
