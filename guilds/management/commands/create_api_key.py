"""Issue an API key from the command line; the key is printed once and never stored."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from guilds.models import ApiKey
from guilds.services import api_key_create
from noteticketing.fields import user_id_validator


def check_user_id(user_id: str) -> str:
    try:
        user_id_validator(user_id)
    except ValidationError as error:
        raise CommandError(f"--user-id {user_id!r}: {error.messages[0]}") from error
    return user_id


def check_tier(tier: str) -> str:
    if tier not in ApiKey.Tier.values:
        raise CommandError(f"--tier {tier!r}: choose one of {', '.join(ApiKey.Tier.values)}.")
    return tier


class Command(BaseCommand):
    help = "Issue an API key to a Discord user. The full key is the last line of output."

    def add_arguments(self, parser):
        parser.add_argument("--user-id", required=True, help="the Discord user the key acts as")
        parser.add_argument("--tier", required=True, help=", ".join(ApiKey.Tier.values))
        parser.add_argument("--name", default="", help="a label to tell keys apart")
        parser.add_argument("--expires-days", type=int, help="days until the key expires")

    def handle(self, *args, user_id, tier, name, expires_days, **options):
        check_user_id(user_id)
        check_tier(tier)
        max_name = ApiKey._meta.get_field("name").max_length
        if len(name) > max_name:
            raise CommandError(f"--name: at most {max_name} characters.")
        if expires_days is not None and expires_days <= 0:
            raise CommandError(f"--expires-days {expires_days}: must be a positive number of days.")
        key, full_key = api_key_create(
            user_id=user_id, tier=tier, name=name, expires_in_days=expires_days
        )
        expiry = f"expires {key.expires_at:%Y-%m-%d %H:%M} UTC" if key.expires_at else "no expiry"
        label = f" {name!r}" if name else ""
        self.stdout.write(
            f"Created {tier} API key{label} ntk_{key.prefix}_… for user {user_id} ({expiry})."
            " Store it now; it will not be shown again:"
        )
        self.stdout.write(full_key)
