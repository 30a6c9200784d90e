"""A picture of the database, to prove that a refused call changed nothing."""

from django.apps import apps

PROJECT_APPS = {"guilds", "actionitems", "sweeps", "audit", "webhooks"}


def snapshot() -> dict:
    """Every row of every project model.

    API keys are left out: authenticating stamps a key's last use, refused or not.
    """
    return {
        model._meta.label: sorted(map(repr, model.objects.values_list()))
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and model._meta.label != "guilds.ApiKey"
    }
