"""The fonts shipped in ``resources/fonts/``: one list for printing, the window and the
coverage table. Light on purpose (no font is opened here): the window imports it at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parents[1] / "resources" / "fonts"


@dataclass(frozen=True)
class FontFile:
    name: str  # the name printing registers it under
    file: str
    index: int = 0  # face in a collection (.ttc)
    shaped: bool = False  # its script needs HarfBuzz: joining, stacking, marks


BUNDLED = {
    "sans": FontFile("UnionSans", "wqy-microhei.ttc"),
    "song": FontFile("UnionSong", "uming-cn.ttf"),
    "ext_a": FontFile("UnionExtA", "hanamin-a-supplement.ttf"),
    "ext_b": FontFile("UnionExtB", "hanamin-b.ttf"),
    "tibetan": FontFile("UnionTibetan", "noto-serif-tibetan.ttf", shaped=True),
    "arabic": FontFile("UnionArabic", "noto-naskh-arabic.ttf", shaped=True),  # Uyghur, Kazakh
    "mongolian": FontFile("UnionMongolian", "noto-sans-mongolian.ttf", shaped=True),  # + Xibe
    "yi": FontFile("UnionYi", "noto-sans-yi.ttf"),
    "lisu": FontFile("UnionLisu", "noto-sans-lisu.ttf"),
    "tai_le": FontFile("UnionTaiLe", "noto-sans-tai-le.ttf", shaped=True),  # Dai (Dehong)
    "new_tai_lue": FontFile("UnionNewTaiLue", "noto-sans-new-tai-lue.ttf", shaped=True),
    "tai_tham": FontFile("UnionTaiTham", "noto-sans-tai-tham.ttf", shaped=True),
    "miao": FontFile("UnionMiao", "noto-sans-miao.ttf", shaped=True),
}
# The scripts of China's minorities, after the Chinese faces in every chain.
SCRIPTS = tuple(BUNDLED)[4:]


def font_path(key: str) -> Path:
    return FONTS_DIR / BUNDLED[key].file
