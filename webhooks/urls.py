from django.urls import path

from webhooks import views

_ONE = "guilds/<str:guild_id>/webhooks/<str:webhook_id>"

urlpatterns = [
    path("guilds/<str:guild_id>/webhooks", views.WebhookListView.as_view(), name="webhook-list"),
    path(_ONE, views.WebhookDetailView.as_view(), name="webhook-detail"),
    path(f"{_ONE}/rotate-secret", views.RotateSecretView.as_view(), name="webhook-rotate-secret"),
    path(f"{_ONE}/test", views.PingView.as_view(), name="webhook-test"),
    path(f"{_ONE}/deliveries", views.DeliveryListView.as_view(), name="webhook-deliveries"),
    path(
        f"{_ONE}/deliveries/<str:delivery_id>/redeliver",
        views.RedeliverView.as_view(),
        name="webhook-redeliver",
    ),
]
