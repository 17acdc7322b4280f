"""Taizhang (科技工作台账): start the window, or run a command-line subcommand."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from core import cli

    parser = cli.build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        from core import selftest

        return selftest.run()
    if args.command:
        return cli.run(args, held_by_a_window=held_by_a_window)
    try:
        from gui.app import run_gui
    except ImportError:
        # The window arrives with the GUI issue; until then, say what can be done.
        parser.print_help()
        return cli.EXIT_OK
    return run_gui(args)


def held_by_a_window(path) -> bool:
    """Whether a Taizhang window has ``path`` open (its one-window-per-file lock), for
    the command line, which opens no window and whose core never imports Qt."""
    try:
        from PySide6.QtCore import QCoreApplication, qInstallMessageHandler

        from gui.single_instance import held_by_a_window as held
    except ImportError:  # no window in this build: none can hold it
        return False
    qInstallMessageHandler(lambda *_: None)  # Qt's own notes are not for the command line
    QCoreApplication.setOrganizationName("Taizhang")  # where the window keeps its lock
    QCoreApplication.setApplicationName("Taizhang")
    return held(path)


if __name__ == "__main__":
    sys.exit(main())
