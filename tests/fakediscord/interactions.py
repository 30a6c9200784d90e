"""Application commands and interactions: what a bot registers (``PUT .../commands``), the
INTERACTION_CREATE a test sends to invoke one, click a button or ask for autocomplete, and
the bot's answers (callback, follow-ups, edits of the original response).

Interactions are built from the registered definitions, the way a Discord client builds
them: option types come from the schema, users, members, roles and channels are resolved,
and a command nobody registered cannot be invoked.
"""

import copy
import re
import secrets
import time
from collections import Counter
from typing import Any

from tests.fakediscord.state import EPHEMERAL, ApiError, DiscordState

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = 3, 4, 5, 6, 7, 8, 9, 10
APPLICATION_COMMAND, COMPONENT, AUTOCOMPLETE = 2, 3, 4
PONG, MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, CHOICES, MODAL = 1, 4, 5, 6, 7, 8, 9
LOADING = 1 << 7
CHAT_INPUT_NAME = re.compile(r"^[-_\w]{1,32}$")
RESPONSES_TO = {
    APPLICATION_COMMAND: {MESSAGE, DEFERRED_MESSAGE, MODAL},
    COMPONENT: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, MODAL},
    AUTOCOMPLETE: {CHOICES},
}


def invalid(message: str) -> ApiError:
    return ApiError(400, 50035, f"Invalid Form Body: {message}")


def check_options(options: list[dict], where: str) -> None:
    if len(options) > 25:
        raise invalid(f"{where}: at most 25 options")
    names = [option.get("name") for option in options]
    if len(set(names)) != len(names):
        raise invalid(f"{where}: option names must be unique")
    seen_optional = False
    for option in options:
        if (
            not CHAT_INPUT_NAME.match(option.get("name") or "")
            or option["name"].lower() != (option["name"])
        ):
            raise invalid(f"{where}: bad option name {option.get('name')!r}")
        if not 1 <= len(option.get("description") or "") <= 100:
            raise invalid(f"{where}.{option['name']}: description must be 1-100 characters")
        if option.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP):
            check_options(option.get("options") or [], f"{where}.{option['name']}")
        elif option.get("required"):
            if seen_optional:
                raise invalid(f"{where}: required options must come before optional ones")
        else:
            seen_optional = True


def check_command(command: Any) -> dict:
    if not isinstance(command, dict) or not command.get("name"):
        raise invalid("a command needs a name")
    if command.get("type", 1) == 1:
        name = command["name"]
        if not CHAT_INPUT_NAME.match(name) or name.lower() != name:
            raise invalid(f"bad command name {name!r}")
        if not 1 <= len(command.get("description") or "") <= 100:
            raise invalid(f"{name}: description must be 1-100 characters")
        check_options(command.get("options") or [], name)
    return command


class Interactions:
    """Mixed into the fake (server.py), over DiscordState's data and lock."""

    interaction_deadline = 3.0  # seconds Discord waits for the first answer

    def __init__(self: DiscordState, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._commands: dict[int | None, list[dict]] = {}  # guild id (None: global) -> commands
        self._command_puts: Counter = Counter()
        self._interactions: dict[int, dict] = {}

    # --- for tests ----------------------------------------------------------------------

    def registered_commands(self, guild_id: int | str | None = None) -> list[dict]:
        """The commands registered globally, or for the guild, as Discord stores them."""
        with self.lock:
            return copy.deepcopy(self._commands.get(_key(guild_id), []))

    def command_put_count(self, guild_id: int | str | None = None) -> int:
        """How many times the bot overwrote (PUT) the global or the guild's commands."""
        with self.lock:
            return self._command_puts[_key(guild_id)]

    def invoke_command(
        self,
        guild_id: int | str,
        channel_id: int | str,
        user_id: int | str,
        name: str,
        options: dict | None = None,
        subcommand: str | None = None,
        group: str | None = None,
    ) -> str:
        """A member runs ``/name [group] [subcommand] option:value...``; the id of the
        INTERACTION_CREATE sent. Values may be users, channels and roles (objects or ids)."""
        with self.lock:
            command, schema, nest = self._find_command(guild_id, name, subcommand, group)
            resolved: dict[str, dict] = {}
            values = self._option_values(
                schema, options or {}, int(guild_id), int(channel_id), resolved
            )
            data = self._command_data(command, nest(values))
            if resolved:
                data["resolved"] = resolved
            return self._interact(APPLICATION_COMMAND, guild_id, channel_id, user_id, data)

    def autocomplete(
        self,
        guild_id: int | str,
        channel_id: int | str,
        user_id: int | str,
        name: str,
        options: dict | None = None,
        *,
        focused: str,
        subcommand: str | None = None,
        group: str | None = None,
    ) -> str:
        """A member is typing the ``focused`` option (its value: what they typed so far)."""
        with self.lock:
            command, schema, nest = self._find_command(guild_id, name, subcommand, group)
            options = dict(options or {})
            typed = str(options.pop(focused, ""))
            if focused not in {option["name"] for option in schema}:
                raise ValueError(f"/{name} has no option {focused!r}")
            values = self._option_values(
                schema, options, int(guild_id), int(channel_id), {}, check_required=False
            )
            focused_type = next(o["type"] for o in schema if o["name"] == focused)
            values.append({"name": focused, "type": focused_type, "value": typed, "focused": True})
            data = self._command_data(command, nest(values))
            return self._interact(AUTOCOMPLETE, guild_id, channel_id, user_id, data)

    def click(
        self,
        guild_id: int | str,
        channel_id: int | str,
        user_id: int | str,
        message_id: int | str,
        custom_id: str,
        *,
        values: list[str] | None = None,
    ) -> str:
        """A member clicks the button (or picks ``values`` in the select) ``custom_id`` on a
        message; the id of the component interaction sent."""
        with self.lock:
            message = self.message(int(channel_id), int(message_id))
            component = _find_component(message["components"], custom_id)
            if component is None:
                raise ValueError(f"message {message_id} has no component {custom_id!r}")
            data = {"custom_id": custom_id, "component_type": component["type"]}
            if component["type"] != 2:
                data["values"] = list(values or [])
            return self._interact(COMPONENT, guild_id, channel_id, user_id, data, message=message)

    def wait_for_response(self, interaction_id: int | str, timeout: float = 10) -> dict:
        """The bot's first answer, ``{"type", "data"}`` as it sent it (``data["flags"]``
        has 64 for an ephemeral message). Raises TimeoutError when none came."""
        with self.lock:
            record = self._interactions[int(interaction_id)]
            if not self.changed.wait_for(lambda: record["response"] is not None, timeout):
                raise TimeoutError(f"no answer to interaction {interaction_id} in {timeout}s")
            return copy.deepcopy(record["response"])

    def followups(self, interaction_id: int | str) -> list[dict]:
        """Follow-up messages the bot sent for the interaction (with edits applied)."""
        with self.lock:
            record = self._interactions[int(interaction_id)]
            return [self._render(self._messages[i]) for i in record["followups"]]

    def original_response(self, interaction_id: int | str) -> dict | None:
        """The message the interaction's answer created or edited, as it is now."""
        with self.lock:
            record = self._interactions[int(interaction_id)]
            message_id = record["original"]
            return self._render(self._messages[message_id]) if message_id else None

    # --- for the server -----------------------------------------------------------------

    def commands(self, app_id: int, guild_id: int | None) -> list[dict]:
        with self.lock:
            self._check_app(app_id, guild_id)
            return copy.deepcopy(self._commands.get(guild_id, []))

    def overwrite_commands(self, app_id: int, guild_id: int | None, payload: Any) -> list[dict]:
        with self.lock:
            self._check_app(app_id, guild_id)
            if not isinstance(payload, list) or len(payload) > 100:
                raise invalid("a list of at most 100 commands")
            keys = [(c.get("name"), c.get("type", 1)) for c in map(check_command, payload)]
            if len(set(keys)) != len(keys):
                raise invalid("command names must be unique per type")
            old = {(c["name"], c["type"]): c for c in self._commands.get(guild_id, [])}
            pairs = zip(payload, keys, strict=True)
            self._commands[guild_id] = [self._stored(c, guild_id, old.get(k)) for c, k in pairs]
            self._command_puts[guild_id] += 1
            self.changed.notify_all()
            return copy.deepcopy(self._commands[guild_id])

    def upsert_command(self, app_id: int, guild_id: int | None, payload: Any) -> tuple[dict, bool]:
        """POST: the command and whether it is new."""
        with self.lock:
            self._check_app(app_id, guild_id)
            command = check_command(payload)
            commands = self._commands.setdefault(guild_id, [])
            key = (command["name"], command.get("type", 1))
            old = next((c for c in commands if (c["name"], c["type"]) == key), None)
            stored = self._stored(command, guild_id, old)
            if old:
                commands[commands.index(old)] = stored
            else:
                commands.append(stored)
            self.changed.notify_all()
            return copy.deepcopy(stored), old is None

    def delete_command(self, app_id: int, guild_id: int | None, command_id: int) -> None:
        with self.lock:
            self._check_app(app_id, guild_id)
            commands = self._commands.get(guild_id, [])
            found = [c for c in commands if c["id"] == str(command_id)]
            if not found:
                raise ApiError(404, 10063, "Unknown application command")
            commands.remove(found[0])

    def answer_interaction(
        self, interaction_id: int, token: str, payload: Any, *, with_response: bool
    ) -> dict | None:
        with self.lock:
            record = self._interactions.get(interaction_id)
            if record is None or record["token"] != token:
                raise ApiError(404, 10062, "Unknown interaction")
            if record["response"] is not None:
                raise ApiError(400, 40060, "Interaction has already been acknowledged.")
            if time.monotonic() - record["at"] > self.interaction_deadline:
                raise ApiError(404, 10062, "Unknown interaction")
            if not isinstance(payload, dict) or payload.get("type") not in RESPONSES_TO.get(
                record["type"], ()
            ):
                raise invalid(f"callback type not valid for interaction type {record['type']}")
            kind, data = payload["type"], payload.get("data") or {}
            message = self._respond(record, kind, data)
            record["response"] = {"type": kind, "data": copy.deepcopy(data)}
            self.changed.notify_all()
            if not with_response:
                return None
            flags = int(data.get("flags") or 0)
            body = {
                "interaction": {
                    "id": str(interaction_id),
                    "type": record["type"],
                    "response_message_id": message["id"] if message else None,
                    "response_message_loading": kind == DEFERRED_MESSAGE,
                    "response_message_ephemeral": bool(flags & EPHEMERAL),
                },
                "resource": {"type": kind},
            }
            if message is not None:
                body["resource"]["message"] = self._render(message)
            return body

    def execute_followup(self, app_id: int, token: str, payload: Any) -> dict:
        with self.lock:
            record = self._by_token(app_id, token)
            if not isinstance(payload, dict) or not (
                payload.get("content") or payload.get("embeds") or payload.get("components")
            ):
                raise ApiError(400, 50006, "Cannot send an empty message")
            message = self._interaction_message(record, payload)
            record["followups"].append(int(message["id"]))
            self.changed.notify_all()
            return self._render(message)

    def webhook_message(self, app_id: int, token: str, message_id: str) -> dict:
        with self.lock:
            return self._render(self._webhook_message(app_id, token, message_id))

    def edit_webhook_message(self, app_id: int, token: str, message_id: str, payload: Any):
        with self.lock:
            message = self._webhook_message(app_id, token, message_id)
            # Flags stay as they are, but a deferred "thinking..." becomes the answer.
            payload = {**(payload or {}), "flags": message["flags"] & ~LOADING}
            self._apply_edit(message, payload)
            edit = {"channel_id": message["channel_id"], "message_id": message["id"]}
            self._edits.append({**edit, "payload": payload})
            self.changed.notify_all()
            return self._render(message)

    def delete_webhook_message(self, app_id: int, token: str, message_id: str) -> None:
        with self.lock:
            message = self._webhook_message(app_id, token, message_id)
            history = self._history.get(int(message["channel_id"]), [])
            if message in history:
                history.remove(message)
            del self._messages[int(message["id"])]
            event = {k: message[k] for k in ("id", "channel_id")}
            event["guild_id"] = self.channels[int(message["channel_id"])]["guild_id"]
            self._emit("MESSAGE_DELETE", event)

    # --- internals ----------------------------------------------------------------------

    def _check_app(self, app_id: int, guild_id: int | None) -> None:
        if str(app_id) != self.bot_user["id"]:
            raise ApiError(403, 20012, "You are not authorized to perform this action")
        if guild_id is not None:
            self._guild(guild_id)

    def _stored(self, command: dict, guild_id: int | None, old: dict | None) -> dict:
        stored = {
            "id": old["id"] if old else str(self._snowflake()),
            "application_id": self.bot_user["id"],
            "version": str(self._snowflake()),
            "type": command.get("type", 1),
            "name": command["name"],
            "name_localizations": command.get("name_localizations"),
            "description": command.get("description", ""),
            "description_localizations": command.get("description_localizations"),
            "options": copy.deepcopy(command.get("options") or []),
            "default_member_permissions": command.get("default_member_permissions"),
            "dm_permission": command.get("dm_permission", True),
            "contexts": command.get("contexts"),
            "integration_types": command.get("integration_types") or [0],
            "nsfw": command.get("nsfw", False),
        }
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        return stored

    def _find_command(self, guild_id, name: str, subcommand: str | None, group: str | None):
        """The registered command, the options schema at the invoked level, and a function
        that wraps option values in the group/subcommand options above them."""
        commands = self._commands.get(int(guild_id), []) + self._commands.get(None, [])
        command = next((c for c in commands if c["name"] == name and c["type"] == 1), None)
        if command is None:
            raise LookupError(f"/{name} is not registered globally or in guild {guild_id}")
        schema, path = command["options"], []
        for kind, wanted in ((SUB_COMMAND_GROUP, group), (SUB_COMMAND, subcommand)):
            if wanted is None:
                continue
            option = next((o for o in schema if o["name"] == wanted and o["type"] == kind), None)
            if option is None:
                raise LookupError(
                    f"/{name} has no {'group' if kind == 2 else 'subcommand'} {wanted!r}"
                )
            schema, path = option.get("options") or [], [*path, (kind, wanted)]
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in schema):
            raise LookupError(f"/{name} must be invoked with a subcommand")

        def nest(values: list[dict]) -> list[dict]:
            for kind, wanted in reversed(path):
                values = [{"name": wanted, "type": kind, "options": values}]
            return values

        return command, schema, nest

    @staticmethod
    def _command_data(command: dict, options: list[dict]) -> dict:
        data = {"id": command["id"], "name": command["name"], "type": command["type"]}
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        if options:
            data["options"] = options
        return data

    def _option_values(
        self,
        schema: list[dict],
        given: dict,
        guild_id: int,
        channel_id: int,
        resolved: dict,
        *,
        check_required: bool = True,
    ) -> list[dict]:
        by_name = {option["name"]: option for option in schema}
        unknown = set(given) - set(by_name)
        if unknown:
            raise ValueError(f"no such options: {sorted(unknown)}; the command has {list(by_name)}")
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in given]
        if check_required and missing:
            raise ValueError(f"required options missing: {missing}")
        values = []
        for option in schema:  # in schema order, as Discord's client sends them
            if option["name"] not in given:
                continue
            value = self._option_value(option, given[option["name"]], guild_id, resolved)
            choices = [c["value"] for c in option.get("choices") or []]
            if choices and value not in choices:
                raise ValueError(f"{option['name']}={value!r} is not one of {choices}")
            values.append({"name": option["name"], "type": option["type"], "value": value})
        return values

    def _option_value(self, option: dict, value: Any, guild_id: int, resolved: dict) -> Any:
        kind = option["type"]
        if kind == STRING:
            return str(value)
        if kind == INTEGER:
            return int(value)
        if kind == NUMBER:
            return float(value)
        if kind == BOOLEAN:
            return bool(value)
        ident = str(value["id"]) if isinstance(value, dict) else str(value)
        if kind in (USER, MENTIONABLE) and (not ident.isdigit() or int(ident) in self.users):
            user = self._user(value)
            resolved.setdefault("users", {})[user["id"]] = copy.deepcopy(user)
            member = self.members.get(guild_id, {}).get(int(user["id"]))
            if member is not None:
                member = {k: v for k, v in copy.deepcopy(member).items() if k != "user"}
                member["permissions"] = str(self.permissions_of(guild_id, user["id"]))
                resolved.setdefault("members", {})[user["id"]] = member
            return user["id"]
        if kind in (ROLE, MENTIONABLE):
            role = next((r for r in self.guilds[guild_id]["roles"] if r["id"] == ident), None)
            if role is None:
                raise ValueError(f"{option['name']}: no role {ident} in guild {guild_id}")
            resolved.setdefault("roles", {})[ident] = copy.deepcopy(role)
            return ident
        if kind == CHANNEL:
            channel = copy.deepcopy(self._channel(int(ident)))
            allowed = option.get("channel_types")
            if allowed and channel["type"] not in allowed:
                raise ValueError(f"{option['name']}: channel type {channel['type']} not allowed")
            channel["permissions"] = str(self.permissions_of(guild_id, self.bot_user["id"], ident))
            resolved.setdefault("channels", {})[ident] = channel
            return ident
        raise ValueError(f"option type {kind} is not supported by the fake")

    def _interact(
        self, kind: int, guild_id, channel_id, user_id, data: dict, *, message: dict | None = None
    ) -> str:
        guild_id, channel_id = int(guild_id), int(channel_id)
        guild = self._guild(guild_id)
        user = self._user(user_id)
        member = copy.deepcopy(self._member(guild_id, int(user["id"])))
        permissions = self.permissions_of(guild_id, user["id"], channel_id)
        member["permissions"] = str(permissions)
        channel = copy.deepcopy(self._channel(channel_id))
        channel["permissions"] = str(permissions)
        interaction_id = self._snowflake()
        token = f"aW50ZXJhY3Rpb246{interaction_id}:{secrets.token_urlsafe(24)}"
        payload = {
            "id": str(interaction_id),
            "application_id": self.bot_user["id"],
            "type": kind,
            "data": data,
            "guild_id": str(guild_id),
            "guild": {"id": str(guild_id), "locale": "en-US", "features": guild["features"]},
            "channel_id": str(channel_id),
            "channel": channel,
            "member": member,
            "token": token,
            "version": 1,
            "app_permissions": str(self.permissions_of(guild_id, self.bot_user["id"], channel_id)),
            "locale": "en-US",
            "guild_locale": guild.get("preferred_locale", "en-US"),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        self._interactions[interaction_id] = {
            "type": kind,
            "payload": payload,
            "token": token,
            "at": time.monotonic(),
            "response": None,
            "original": int(message["id"]) if message else None,
            "followups": [],
        }
        self._emit("INTERACTION_CREATE", copy.deepcopy(payload))
        return str(interaction_id)

    def _respond(self, record: dict, kind: int, data: dict) -> dict | None:
        if kind in (MESSAGE, DEFERRED_MESSAGE):
            if kind == DEFERRED_MESSAGE:
                data = {"flags": int(data.get("flags") or 0) | LOADING}
            elif not (data.get("content") or data.get("embeds") or data.get("components")):
                raise ApiError(400, 50006, "Cannot send an empty message")
            message = self._interaction_message(record, data, original=True)
            record["original"] = int(message["id"])
            return message
        if kind == UPDATE:
            message = self._messages[record["original"]]
            self._apply_edit(message, data)
            return message
        return None

    def _interaction_message(self, record: dict, data: dict, *, original: bool = False) -> dict:
        interaction = record["payload"]
        extra = {
            "webhook_id": self.bot_user["id"],
            "application_id": self.bot_user["id"],
            "interaction_metadata": {
                "id": interaction["id"],
                "type": interaction["type"],
                "user": interaction["member"]["user"],
                "authorizing_integration_owners": interaction["authorizing_integration_owners"],
            },
        }
        if original and record["type"] == APPLICATION_COMMAND:
            extra["type"] = 20  # CHAT_INPUT_COMMAND
        payload = {**data, "flags": int(data.get("flags") or 0)}
        return self._create(int(interaction["channel_id"]), self.bot_user, payload, extra=extra)

    def _by_token(self, app_id: int, token: str) -> dict:
        if str(app_id) == self.bot_user["id"]:
            for record in self._interactions.values():
                if record["token"] == token:
                    return record
        raise ApiError(404, 10015, "Unknown Webhook")

    def _webhook_message(self, app_id: int, token: str, message_id: str) -> dict:
        record = self._by_token(app_id, token)
        if message_id == "@original":
            if record["original"] is None or record["response"] is None:
                raise ApiError(404, 10008, "Unknown Message")
            return self._messages[record["original"]]
        mine = [record["original"], *record["followups"]]
        if int(message_id) not in mine or int(message_id) not in self._messages:
            raise ApiError(404, 10008, "Unknown Message")
        return self._messages[int(message_id)]


def _key(guild_id: int | str | None) -> int | None:
    return int(guild_id) if guild_id is not None else None


def _find_component(components: list[dict], custom_id: str) -> dict | None:
    for component in components:
        if component.get("custom_id") == custom_id:
            return component
        found = _find_component(component.get("components") or [], custom_id)
        if found:
            return found
    return None
