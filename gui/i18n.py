"""The window's language: Qt translators for our strings and Qt's own.

Source strings are English; ``resources/translations/taizhang_zh_CN.qm`` makes
them Chinese, and Qt's ``qtbase_zh_CN`` makes the standard buttons say 确定/取消.
``taizhang_en.qm`` holds the English plurals of the texts with a count (``%n``).
Chinese is the default; English is chosen in 视图 → 语言 and remembered.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from core import messages
from core.errors import TaizhangError
from core.resources import resource_path

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_installed: list[QTranslator] = []
_language = DEFAULT_LANGUAGE


def saved_language() -> str:
    language = QSettings().value("language", DEFAULT_LANGUAGE)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def install(app: QCoreApplication, language: str) -> None:
    """Load the translators for ``language`` (replacing any loaded before)."""
    global _language
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _language = language
    if language == "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        ours = QTranslator(app)
        if ours.load(str(resource_path("translations/taizhang_zh_CN.qm"))):
            _installed.append(ours)
        qt_own = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load("qtbase_zh_CN", qt_dir) or qt_own.load(
            str(resource_path("translations/qtbase_zh_CN.qm"))
        ):
            # Installed first, so asked last: only for what the other two lack.
            _installed.insert(0, _QtGaps(qt_own, app))
            _installed.append(qt_own)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        # The source texts are English; this gives only the counted ones their plural:
        # "%n record(s)" says "1 record", "2 records" (made by lupdate -pluralonly).
        ours = QTranslator(app)
        if ours.load(str(resource_path("translations/taizhang_en.qm"))):
            _installed.append(ours)
    for translator in _installed:
        app.installTranslator(translator)
    # The name the platform adds to every window's title (… — 科技工作台账), and the title
    # of the boxes the start shows before a window exists: Taizhang in English.
    app.setApplicationDisplayName(program_name())
    # Error messages from core: both languages in dialogs, as everywhere.
    messages.set_language("both")


class _QtGaps(QTranslator):
    """Qt texts that ``qtbase_zh_CN`` lags behind on, found through the ones it has.

    Qt 6 gave some labels a mnemonic (``&Look in:``, once ``Look in:``) and moved the file
    types of its file dialog to ``QAbstractFileIconProvider`` (``Folder``, once under
    ``QFileDialog``): the dialog Linux desktops show was half English. A text with a
    mnemonic is found without it and gets it back the Chinese way (``查找范围(&L)：``).
    """

    MOVED = {"QAbstractFileIconProvider": "QFileDialog"}

    def __init__(self, qtbase: QTranslator, parent: QCoreApplication) -> None:
        super().__init__(parent)
        self.qtbase = qtbase

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102
        context = self.MOVED.get(context, context)
        found = self.qtbase.translate(context, source, disambiguation, n)
        if found or "&" not in source or "&&" in source:
            return found or None  # None, not '': an empty text would be taken as found
        key = source.partition("&")[2][:1].upper()
        plain = self.qtbase.translate(context, source.replace("&", "", 1), disambiguation, n)
        if not plain or not key:
            return None
        colon = "：" if plain.endswith("：") else ""
        return f"{plain.removesuffix(colon)}(&{key}){colon}"


def program_name() -> str:
    """The program's name in the window's language: 科技工作台账, or Taizhang."""
    return QCoreApplication.translate("Application", "Taizhang")


def current_language() -> str:
    return _language


def short_both(text) -> str:
    """A ``messages.Both`` in the window's language only."""
    return text.zh if _language == "zh_CN" else text.en


def short(error: TaizhangError) -> str:
    """An error in the window's language only, for a label beside a field."""
    return error.zh if _language == "zh_CN" else error.en
