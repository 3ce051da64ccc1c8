"""Draw the program's icon: a red disc with a gold rim and a white 工, drawn as three bars.

The character is drawn from rectangles snapped to whole pixels at each size (no font), so it
stays crisp at 16 px. Writes unionapp.ico (16–256 px) and unionapp.png (256 px) beside this file:

    uv run python resources/icons/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
RED = (200, 16, 46, 255)
GOLD = (246, 196, 60, 255)
WHITE = (255, 255, 255, 255)


def draw(size: int) -> Image.Image:
    scale = 4 if size < 64 else 2  # draw large, then shrink: smooth edges on the disc
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    rim = max(1, round(size / 16)) * scale
    pen.ellipse((0, 0, big - 1, big - 1), fill=GOLD)
    pen.ellipse((rim, rim, big - 1 - rim, big - 1 - rim), fill=RED)
    image = image.resize((size, size), Image.LANCZOS)
    # 工 in whole pixels: a top bar, a stem, a longer bottom bar.
    pen = ImageDraw.Draw(image)
    bar = max(2, round(size * 0.14))
    top, bottom = round(size * 0.25), round(size * 0.75) - bar
    left_top, right_top = round(size * 0.3), size - round(size * 0.3)
    left_bottom, right_bottom = round(size * 0.2), size - round(size * 0.2)
    stem_left = (size - bar) // 2
    pen.rectangle((left_top, top, right_top - 1, top + bar - 1), fill=WHITE)
    pen.rectangle((stem_left, top, stem_left + bar - 1, bottom + bar - 1), fill=WHITE)
    pen.rectangle((left_bottom, bottom, right_bottom - 1, bottom + bar - 1), fill=WHITE)
    return image


def main() -> None:
    images = [draw(size) for size in SIZES]
    largest = images[-1]
    largest.save(HERE / "unionapp.png", optimize=True)
    largest.save(HERE / "unionapp.ico", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    print(HERE / "unionapp.ico")


if __name__ == "__main__":
    main()
