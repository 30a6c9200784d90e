"""The bot's extensions: every module here (not starting with ``_``) is one, loaded in
``setup_hook`` and ending with ``async def setup(bot)``."""

import pkgutil

EXTENSIONS = tuple(
    f"{__name__}.{module.name}"
    for module in pkgutil.iter_modules(__path__)
    if not module.name.startswith("_")
)
