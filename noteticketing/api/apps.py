from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "noteticketing.api"
    label = "api"

    def ready(self) -> None:
        # Load the Celery app so that shared tasks enqueue through it from web processes.
        import noteticketing.celery  # noqa: F401
