from django.urls import path

from audit import views

urlpatterns = [
    path("guilds/<str:guild_id>/privacy/audit", views.AuditLogView.as_view(), name="audit-log"),
    path(
        "guilds/<str:guild_id>/users/<str:user_id>/data",
        views.UserDataView.as_view(),
        name="user-data",
    ),
    path("guilds/<str:guild_id>/export", views.ExportView.as_view(), name="export"),
]
