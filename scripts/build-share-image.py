"""Draws the site's link-preview picture (1200 × 630 PNG) in its palette, with the name in
both scripts in the shipped IBM Plex Sans Arabic. Pages without a picture of their own use it.
Run once after changing the palette or the name: `.venv/bin/python scripts/build-share-image.py`;
the PNG is committed."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "site" / "static" / "fonts"
OUT = ROOT / "site" / "static" / "img" / "share.png"
BRAND, BRAND_DARK, ACCENT, WHITE = (15, 94, 102), (10, 69, 75), (244, 184, 96), (255, 255, 255)
WIDTH, HEIGHT = 1200, 630


def font(script, size):
    return ImageFont.truetype(str(FONTS / f"ibm-plex-sans-arabic-{script}-700-normal.woff"), size)


def main():
    image = Image.new("RGB", (WIDTH, HEIGHT), BRAND_DARK)
    draw = ImageDraw.Draw(image)
    for step in range(HEIGHT):  # a quiet diagonal wash from the dark to the brand colour
        mix = step / HEIGHT
        colour = tuple(round(d + (b - d) * mix) for d, b in zip(BRAND_DARK, BRAND, strict=True))
        draw.line([(0, step), (WIDTH, step)], fill=colour)
    for radius in (520, 430, 340):
        draw.ellipse(
            [WIDTH - radius, HEIGHT - radius, WIDTH + radius, HEIGHT + radius], outline=(38, 120, 128), width=6
        )
    draw.rounded_rectangle([90, 90, 250, 250], radius=36, fill=WHITE)
    draw.text((170, 150), "م", font=font("arabic", 96), fill=BRAND, anchor="mm", direction="rtl", language="ar")
    draw.text((90, 390), "ملتقى", font=font("arabic", 110), fill=WHITE, anchor="ls", direction="rtl", language="ar")
    draw.text((90, 500), "Multaqa", font=font("latin", 96), fill=WHITE, anchor="ls")
    draw.rectangle([90, 540, 330, 548], fill=ACCENT)
    image.save(OUT, optimize=True)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
