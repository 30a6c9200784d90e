"""Discord's permission arithmetic, as the fake needs it for interactions' ``permissions`` and
``app_permissions``: the guild owner and administrators hold everything, everyone else the
union of @everyone and their roles, then the channel's overwrites (@everyone, roles, member).
"""

ADMINISTRATOR = 1 << 3
ALL = (1 << 53) - 1  # every flag Discord has defined, and the ones it will
VIEW_CHANNEL = 1 << 10

# What a new server gives @everyone, and what the bot's managed role carries.
EVERYONE_DEFAULT = (
    (1 << 0)  # create instant invite
    | (1 << 6)  # add reactions
    | VIEW_CHANNEL
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 18)  # use external emojis
    | (1 << 31)  # use application commands
    | (1 << 35)  # create public threads
    | (1 << 38)  # send messages in threads
)
BOT_DEFAULT = EVERYONE_DEFAULT | (1 << 13) | (1 << 34)  # + manage messages, manage threads


def base_permissions(guild: dict, member: dict) -> int:
    if guild["owner_id"] == member["user"]["id"]:
        return ALL
    roles = {role["id"]: int(role["permissions"]) for role in guild["roles"]}
    value = roles.get(guild["id"], 0)
    for role_id in member["roles"]:
        value |= roles.get(role_id, 0)
    return ALL if value & ADMINISTRATOR else value


def channel_permissions(guild: dict, member: dict, channel: dict | None) -> int:
    value = base_permissions(guild, member)
    if value == ALL or channel is None:
        return value
    overwrites = {o["id"]: o for o in channel.get("permission_overwrites") or []}

    def apply(overwrite: dict | None) -> None:
        nonlocal value
        if overwrite:
            value = (value & ~int(overwrite["deny"])) | int(overwrite["allow"])

    apply(overwrites.get(guild["id"]))
    allow = deny = 0
    for role_id in member["roles"]:
        if role_id in overwrites:
            allow |= int(overwrites[role_id]["allow"])
            deny |= int(overwrites[role_id]["deny"])
    value = (value & ~deny) | allow
    apply(overwrites.get(member["user"]["id"]))
    return value
