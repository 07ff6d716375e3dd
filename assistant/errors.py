"""User-facing errors: the message is Chinese and shown as is, without a traceback."""


class AssistantError(Exception):
    """An error the user can act on; `str(err)` is the Chinese message."""


class IndexMissingError(AssistantError):
    pass


class IndexCorruptError(AssistantError):
    pass
