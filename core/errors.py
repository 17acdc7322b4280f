"""The one exception type for problems a user can cause or act on."""

from __future__ import annotations

from core import messages


class TaizhangError(Exception):
    """An error whose text comes from the message catalogue.

    Shown to users as one line (a dialog in the GUI, stderr in the CLI), never
    as a traceback.
    """

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(messages.text(key, **params))

    @property
    def zh(self) -> str:
        return messages.text(self.key, language="zh", **self.params)

    @property
    def en(self) -> str:
        return messages.text(self.key, language="en", **self.params)


class ValidationError(TaizhangError):
    """A value the user typed is not acceptable.

    ``field`` says where (a field id, or a common field such as ``"date"``) so a
    form can show the problem beside the right input.
    """

    def __init__(self, key: str, field: object = None, **params: object) -> None:
        self.field = field
        super().__init__(key, **params)


class RecordErrors(TaizhangError):
    """All the problems of one record at once, each a ``ValidationError``."""

    def __init__(self, errors: list[ValidationError]) -> None:
        self.errors = errors
        super().__init__(
            "record_invalid",
            details_zh="；".join(e.zh for e in errors),
            details_en="; ".join(e.en for e in errors),
        )
