import re

from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from noteticketing.api.guild_access import GuildScopedView
from noteticketing.api.pagination import PageSize, paginate
from noteticketing.api.schema import document
from webhooks import services
from webhooks.addresses import UnsafeUrl
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.serializers import (
    DeliverySerializer,
    WebhookCreateSerializer,
    WebhookSerializer,
    WebhookUpdateSerializer,
    WebhookWithSecretSerializer,
)

CONFIGURE = "can_configure_bot"
ALL_CONFIGURE = dict.fromkeys(["GET", "POST", "PATCH", "DELETE"], CONFIGURE)
WEBHOOK_ID_PATTERN = "^wh_[0-9a-f]{16}$"
DELIVERY_ID_PATTERN = "^whd_[0-9a-f]{16}$"
PAGE = PageSize(default=20, maximum=100)


def _unsafe_url(error: UnsafeUrl) -> ValidationError:
    return ValidationError({"url": str(error)})


class _WebhookView(GuildScopedView):
    permissions = ALL_CONFIGURE

    def endpoint(self, webhook_id: str) -> WebhookEndpoint:
        if not re.match(WEBHOOK_ID_PATTERN, webhook_id):
            raise ValidationError({"webhookId": "Must be a webhook id: wh_ and 16 hex digits."})
        endpoint = WebhookEndpoint.objects.filter(guild=self.guild, public_id=webhook_id).first()
        if endpoint is None:
            raise NotFound("Webhook not found")
        return endpoint


class WebhookListView(_WebhookView):
    @document(
        WebhookSerializer, many_key="webhooks", counts=("total",), operation_id="webhooks_list"
    )
    def get(self, request, guild_id):
        endpoints = list(WebhookEndpoint.objects.filter(guild=self.guild))
        rendered = WebhookSerializer(endpoints, many=True).data
        return Response({"webhooks": rendered, "total": len(endpoints)})

    @document(
        WebhookWithSecretSerializer,
        request=WebhookCreateSerializer,
        status=201,
        operation_id="webhooks_create",
    )
    def post(self, request, guild_id):
        serializer = WebhookCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            endpoint, secret = services.endpoint_create(
                guild=self.guild, **serializer.validated_data
            )
        except UnsafeUrl as error:
            raise _unsafe_url(error) from None
        rendered = WebhookWithSecretSerializer(endpoint, context={"secret": secret}).data
        return Response(rendered, status=status.HTTP_201_CREATED)


class WebhookDetailView(_WebhookView):
    @document(WebhookSerializer, operation_id="webhooks_get")
    def get(self, request, guild_id, webhook_id):
        return Response(WebhookSerializer(self.endpoint(webhook_id)).data)

    @document(WebhookSerializer, request=WebhookUpdateSerializer, operation_id="webhooks_update")
    def patch(self, request, guild_id, webhook_id):
        endpoint = self.endpoint(webhook_id)
        serializer = WebhookUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            endpoint = services.endpoint_update(endpoint=endpoint, **serializer.validated_data)
        except UnsafeUrl as error:
            raise _unsafe_url(error) from None
        return Response(WebhookSerializer(endpoint).data)

    @document(None, status=204, operation_id="webhooks_delete")
    def delete(self, request, guild_id, webhook_id):
        services.endpoint_delete(endpoint=self.endpoint(webhook_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RotateSecretView(_WebhookView):
    @document(WebhookWithSecretSerializer, operation_id="webhooks_rotate_secret")
    def post(self, request, guild_id, webhook_id):
        endpoint, secret = services.endpoint_rotate_secret(endpoint=self.endpoint(webhook_id))
        return Response(WebhookWithSecretSerializer(endpoint, context={"secret": secret}).data)


class PingView(_WebhookView):
    @document(DeliverySerializer, status=202, operation_id="webhooks_test")
    def post(self, request, guild_id, webhook_id):
        delivery = services.endpoint_ping(endpoint=self.endpoint(webhook_id))
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class DeliveryListView(_WebhookView):
    @document(
        DeliverySerializer,
        many_key="deliveries",
        counts=("total", "limit", "offset"),
        parameters=PAGE.parameters(),
        operation_id="webhooks_deliveries_list",
    )
    def get(self, request, guild_id, webhook_id):
        endpoint = self.endpoint(webhook_id)
        queryset = WebhookDelivery.objects.filter(endpoint=endpoint).prefetch_related("attempts")
        page = paginate(request, queryset, PAGE)
        rendered = DeliverySerializer(page.items, many=True).data
        return Response(page.body("deliveries", rendered))


class RedeliverView(_WebhookView):
    @document(DeliverySerializer, status=202, operation_id="webhooks_deliveries_redeliver")
    def post(self, request, guild_id, webhook_id, delivery_id):
        endpoint = self.endpoint(webhook_id)
        if not re.match(DELIVERY_ID_PATTERN, delivery_id):
            raise ValidationError({"deliveryId": "Must be a delivery id: whd_ and 16 hex digits."})
        delivery = WebhookDelivery.objects.filter(endpoint=endpoint, public_id=delivery_id).first()
        if delivery is None:
            raise NotFound("Delivery not found")
        delivery = services.delivery_redeliver(delivery=delivery)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
