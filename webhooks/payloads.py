"""The event-specific part of each webhook body, built from the changed object.

The delivery adds ``id``, ``event``, ``guild_id`` and ``timestamp`` around it.
"""

from datetime import datetime


def _stamp(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def action_item(item) -> dict:
    """The item as the API shows it (``channel`` must be loaded, as the services have it)."""
    from actionitems.serializers import ActionItemSerializer

    return {"action_item": dict(ActionItemSerializer(item).data)}


def sweep(sweep) -> dict:
    return {
        "sweep": {
            "id": sweep.public_id,
            "status": sweep.status,
            "trigger": sweep.trigger,
            "channels_processed": sweep.channels_processed,
            "messages_processed": sweep.messages_processed,
            "action_items_found": sweep.action_items_found,
            "started_at": _stamp(sweep.started_at),
            "finished_at": _stamp(sweep.finished_at),
            "error": sweep.error[:1000],
        }
    }


def config(config, changed: list[str]) -> dict:
    def channel(value: int | None) -> str | None:
        return str(value) if value is not None else None

    return {
        "config": {
            "active": config.active,
            "privacy_mode_enabled": config.privacy_mode_enabled,
            "sweep_interval_hours": config.sweep_interval_hours,
            "todo_channel_id": channel(config.todo_channel_id),
            "sweep_output_channel_id": channel(config.sweep_output_channel_id),
        },
        "changed": changed,
    }
