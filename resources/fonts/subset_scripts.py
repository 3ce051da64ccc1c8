"""Rebuild the bundled fonts for the scripts of China's minorities from Debian's Noto fonts.

Run (Debian, after `apt-get install fonts-noto-core`):

    uv run --with fonttools python resources/fonts/subset_scripts.py [NOTO_FOLDER]

Each font keeps only its script's blocks (plus the space, the joiners and the dotted circle
HarfBuzz draws under a mark without a base), every layout feature (shaping needs them) and
its name table (the copyright and licence stay in the font); hinting, DSIG and glyph names
are dropped. The family is renamed "Union Noto …" (the OFL allows it; Noto reserves no name)
so that the window uses these files even on a PC that has another version of the same Noto
font installed. All of them are glyf TrueType, which ReportLab can embed. Then run
`uv run python resources/fonts/make_coverage.py` to bring the coverage table in step.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
NOTO = Path("/usr/share/fonts/truetype/noto")
COMMON = "U+0020,U+00A0,U+200C-200D,U+25CC"

FONTS = {
    # target: (Debian file, unicode ranges beyond COMMON)
    "noto-serif-tibetan.ttf": ("NotoSerifTibetan-Regular.ttf", "U+0F00-0FFF"),
    "noto-naskh-arabic.ttf": (
        "NotoNaskhArabic-Regular.ttf",
        "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF,U+200E-200F",
    ),
    "noto-sans-mongolian.ttf": ("NotoSansMongolian-Regular.ttf", "U+1800-18AF,U+11660-1167F,U+202F"),
    "noto-sans-yi.ttf": ("NotoSansYi-Regular.ttf", "U+A000-A4CF"),
    "noto-sans-lisu.ttf": ("NotoSansLisu-Regular.ttf", "U+A4D0-A4FF,U+11FB0"),
    "noto-sans-tai-le.ttf": ("NotoSansTaiLe-Regular.ttf", "U+1950-197F,U+0300-0301,U+0307-0308,U+030C"),
    "noto-sans-new-tai-lue.ttf": ("NotoSansNewTaiLue-Regular.ttf", "U+1980-19DF"),
    "noto-sans-tai-tham.ttf": ("NotoSansTaiTham-Regular.ttf", "U+1A20-1AAF"),
    "noto-sans-miao.ttf": ("NotoSansMiao-Regular.ttf", "U+16F00-16F9F"),
}


def rename(font: TTFont) -> None:
    """Noto Sans Yi -> Union Noto Sans Yi (PostScript: UnionNotoSansYi-Regular)."""
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 16, 18, 21):
            record.string = record.toUnicode().replace("Noto", "Union Noto", 1)
        elif record.nameID == 6:
            record.string = "Union" + record.toUnicode()


def build(source: Path, target: Path, unicodes: str) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.drop_tables += ["DSIG"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.glyph_names = False
    options.notdef_outline = True
    options.recalc_bounds = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(f"{COMMON},{unicodes}"))
    subsetter.subset(font)
    rename(font)
    if "glyf" not in font:
        raise SystemExit(f"{source.name}: not glyf TrueType; ReportLab cannot embed it")
    font.save(target)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else NOTO
    for target, (source, unicodes) in FONTS.items():
        build(folder / source, HERE / target, unicodes)
        size = (HERE / target).stat().st_size
        print(f"{target}: {size / 1024:.0f} KiB (from {source})")


if __name__ == "__main__":
    main()
