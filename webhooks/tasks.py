"""Celery tasks of webhooks: each calls a service that checks the row's state first."""

from celery import shared_task

from webhooks.services import deliveries_claim_due, delivery_attempt


@shared_task(name="webhooks.deliver", acks_late=True, time_limit=120)
def deliver(delivery_id: int, lease: str) -> None:
    delivery_attempt(delivery_id=delivery_id, lease=lease)


@shared_task(name="webhooks.retry_due_deliveries")
def retry_due_deliveries() -> int:
    return deliveries_claim_due()
