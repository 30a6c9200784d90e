"""Make sure a superuser exists for the admin site, with a password the operator can find.

The password is ``ADMIN_PASSWORD`` when set; otherwise one is generated on the first
run and kept in ``VAR_DIR/admin-password``, so every later run prints the same one.
"""

import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


def stored_password(path: Path) -> str:
    """The password kept at ``path``, generated and written (owner-only) the first time."""
    if path.exists():
        password = path.read_text().strip()
        if password:
            return password
    password = secrets.token_urlsafe(18)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(password + "\n")
    return password


class Command(BaseCommand):
    help = "Create or repair the admin superuser; the last line is JSON with its credentials."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        password = os.environ.get("ADMIN_PASSWORD") or stored_password(
            Path(settings.VAR_DIR) / "admin-password"
        )
        User = get_user_model()
        try:
            validate_password(password, User(username=username))
        except ValidationError as error:
            raise CommandError(
                f"The admin password is refused: {' '.join(error.messages)}"
            ) from error
        with transaction.atomic():
            user = User.objects.select_for_update().filter(username=username).first()
            if user is None:
                User.objects.create_superuser(username=username, email="", password=password)
                outcome = "created"
            else:
                outcome = _repair(user, password)
        self.stdout.write(f"Superuser {username!r}: {outcome}")
        self.stdout.write(json.dumps({"username": username, "password": password}))


def _repair(user, password: str) -> str:
    changed = [
        flag for flag in ("is_active", "is_staff", "is_superuser") if not getattr(user, flag)
    ]
    for flag in changed:
        setattr(user, flag, True)
    if not user.check_password(password):
        user.set_password(password)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    return f"updated {', '.join(changed)}" if changed else "unchanged"
