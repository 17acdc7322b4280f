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
        return cli.run(args)
    try:
        from gui.app import run_gui
    except ImportError:
        # The window arrives with the GUI issue; until then, say what can be done.
        parser.print_help()
        return cli.EXIT_OK
    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
