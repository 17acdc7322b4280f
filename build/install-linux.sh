#!/bin/sh
# 把“科技工作台账”加入当前用户的应用菜单和桌面，不需要 root 权限。
# Adds Taizhang to this user's applications menu and desktop; no root needed.
#
#   ./install.sh            菜单项和桌面快捷方式 (menu entry and desktop shortcut)
#   ./install.sh --remove   移除它们；数据不动 (remove them; the data stays)
#
# Run it from the program folder where it will stay (e.g. ~/Taizhang): the menu entry
# points here. The data is in ~/.local/share/Taizhang and is never touched by this script.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
entry="$apps/Taizhang.desktop"  # named as Qt names the window (app id, WM_CLASS)
desktop=$(xdg-user-dir DESKTOP 2>/dev/null || true)
if [ -z "$desktop" ] || [ "$desktop" = "$HOME" ]; then
  desktop="$HOME/Desktop"
fi
shortcut="$desktop/Taizhang.desktop"

if [ "${1:-}" = "--remove" ]; then
  rm -f "$entry" "$shortcut"
  echo "已移除菜单项和桌面快捷方式，数据未动 (menu entry and shortcut removed; data untouched)"
  exit 0
fi

if [ ! -x "$here/Taizhang" ]; then
  echo "找不到 $here/Taizhang (Taizhang is not in this folder)" >&2
  exit 1
fi
mkdir -p "$apps"
sed -e "s|^TryExec=.*|TryExec=$here/Taizhang|" \
    -e "s|^Exec=.*|Exec=\"$here/Taizhang\"|" \
    -e "s|^Icon=.*|Icon=$here/taizhang.png|" \
    "$here/taizhang.desktop" > "$entry"
chmod 644 "$entry"
if [ -d "$desktop" ]; then
  cp "$entry" "$shortcut"
  chmod 755 "$shortcut"  # desktops start only launchers marked executable
  gio set "$shortcut" metadata::trusted true 2>/dev/null || true
fi
update-desktop-database "$apps" 2>/dev/null || true
echo "已安装：应用菜单 → 科技工作台账 (installed: applications menu → 科技工作台账)"
echo "菜单项 (menu entry): $entry"
