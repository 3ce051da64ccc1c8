"""Add or remove a folder on the current user's PATH (HKCU\\Environment), run by the installer.

    python.exe user_path.py add C:\\Users\\…\\Programs\\unionapp\\bin
    python.exe user_path.py remove C:\\Users\\…\\Programs\\unionapp\\bin

Only the user's own PATH is touched (no administrator rights needed). The value keeps its
registry type (REG_EXPAND_SZ entries such as %USERPROFILE%\\… stay unexpanded), an entry already
there is not added twice, and running windows are told the environment changed.
"""

from __future__ import annotations

import ctypes
import ntpath
import sys
import winreg
from ctypes import wintypes

HWND_BROADCAST = 0xFFFF
WM_SETTINGCHANGE = 0x001A
SMTO_ABORTIFHUNG = 0x0002


def same_folder(entry: str, folder: str) -> bool:
    expanded = winreg.ExpandEnvironmentStrings(entry)
    return ntpath.normcase(ntpath.normpath(expanded)) == ntpath.normcase(ntpath.normpath(folder))


def update(action: str, folder: str) -> None:
    access = winreg.KEY_QUERY_VALUE | winreg.KEY_SET_VALUE
    with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, "Environment", 0, access) as key:
        try:
            value, kind = winreg.QueryValueEx(key, "Path")
        except FileNotFoundError:
            value, kind = "", winreg.REG_EXPAND_SZ
        entries = [entry for entry in str(value).split(";") if entry]
        kept = [entry for entry in entries if not same_folder(entry, folder)]
        wanted = [*kept, folder] if action == "add" else kept
        if wanted != entries:
            winreg.SetValueEx(key, "Path", 0, kind, ";".join(wanted))
    result = ctypes.byref(wintypes.DWORD())
    send = ctypes.windll.user32.SendMessageTimeoutW  # type: ignore[attr-defined]
    send(HWND_BROADCAST, WM_SETTINGCHANGE, 0, "Environment", SMTO_ABORTIFHUNG, 5000, result)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("add", "remove"):
        sys.exit("usage: user_path.py add|remove FOLDER")
    update(sys.argv[1], sys.argv[2])
