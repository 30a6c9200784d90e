"""NoteTicketing: the Django project, and the Python SDK (``noteticketing.Client``).

Nothing here imports Django or Celery, so that the SDK works without settings.
"""
