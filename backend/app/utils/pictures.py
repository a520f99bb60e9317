"""Profile pictures: any PNG, JPEG or WebP in, a small square WebP without metadata out."""

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
SIDE = 256
# More pixels than any camera makes: past it a file is refused before it is decoded, so a small
# file that decompresses into gigabytes (a decompression bomb) costs nothing.
MAX_PIXELS = 50_000_000
FORMATS = ("PNG", "JPEG", "WEBP")


class NotAPicture(ValueError):
    """The bytes are not a PNG, JPEG or WebP image that can be decoded within the limits."""


def square_webp(data: bytes) -> bytes:
    """The picture centred and cropped to a square of at most SIDE x SIDE, as WebP, with no
    metadata (EXIF, GPS, ICC comments): only pixels leave. Orientation from EXIF is applied
    first, so a phone's portrait photo stays upright."""
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                width, height = image.size
                if width < 1 or height < 1 or width * height > MAX_PIXELS:
                    raise NotAPicture("The picture is too large in pixels")
                image.load()
                upright = ImageOps.exif_transpose(image)
        except NotAPicture:
            raise
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
            OSError,
            SyntaxError,
            ValueError,
            EOFError,
        ) as exc:
            raise NotAPicture("Not a PNG, JPEG or WebP image") from exc
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    side = min(SIDE, upright.width, upright.height)
    squared = ImageOps.fit(
        upright.convert("RGBA" if has_alpha else "RGB"),
        (side, side),
        method=Image.Resampling.LANCZOS,
    )
    out = io.BytesIO()
    squared.save(out, format="WEBP", quality=82, method=4)
    return out.getvalue()
