import io

from PIL import Image


def picture_bytes(
    width: int = 64, height: int = 48, *, format: str = "PNG", **save: object
) -> bytes:
    """An image file as a camera or an editor would write it."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    out = io.BytesIO()
    image.save(out, format=format, **save)
    return out.getvalue()
