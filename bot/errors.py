"""What can go wrong talking to Discord, sorted by what the caller should do about it.

Transient (``DiscordUnavailable``): try again later. Permanent for one resource
(``ChannelUnavailable``, ``GuildUnavailable``, ``MessageUnavailable``): stop using it until
something changes. The rest (``DiscordLoginFailed``, ``DiscordRejected``) need a person.
"""


class DiscordError(Exception):
    """Base class; ``status`` and ``code`` are Discord's when it answered."""

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None):
        super().__init__(message)
        self.status = status
        self.code = code


class DiscordUnavailable(DiscordError):
    """5xx after retries, a timeout, a refused connection, or a rate limit too long to wait
    out (``retry_after`` then says how long Discord asked for)."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ChannelUnavailable(DiscordError):
    """The channel is deleted (404) or the bot may not read or post in it (403)."""

    def __init__(self, channel_id: int, message: str, **kwargs):
        super().__init__(message, **kwargs)
        self.channel_id = channel_id


class GuildUnavailable(DiscordError):
    """The guild is gone or the bot is no longer in it (404/403)."""

    def __init__(self, guild_id: int, message: str, **kwargs):
        super().__init__(message, **kwargs)
        self.guild_id = guild_id


class MessageUnavailable(DiscordError):
    """The message to edit was deleted (Discord's code 10008); post a new one instead."""


class DiscordLoginFailed(DiscordError):
    """Discord refused the bot token (401)."""


class DiscordRejected(DiscordError):
    """Any other 4xx: the request itself is wrong (an invalid embed, a too-long message)."""
