"""Profile pictures: uploaded, re-encoded as a small square WebP without metadata, served by the
app with an ETag, named in the profile's `image`."""

import io
import struct
import zlib

import httpx2
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from app.utils.pictures import MAX_UPLOAD_BYTES
from tests.utils.marketplace import API, Account, post_cleaning, sign_up
from tests.utils.pictures import picture_bytes

pytestmark = pytest.mark.usefixtures("db")

UPLOAD = f"{API}/profiles/me/picture"


def upload(
    client: TestClient,
    user: Account,
    data: bytes,
    *,
    name: str = "me.png",
    content_type: str = "image/png",
) -> httpx2.Response:
    return client.put(
        UPLOAD, headers=user.headers, files={"file": (name, data, content_type)}
    )


def picture_url(username: str) -> str:
    return f"{API}/profiles/{username}/picture"


def served(client: TestClient, url: str) -> Image.Image:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "image/webp"
    return Image.open(io.BytesIO(r.content))


@pytest.mark.parametrize(
    ("size", "format", "expected"),
    [
        ((640, 480), "JPEG", (256, 256)),
        ((300, 900), "PNG", (256, 256)),
        ((100, 60), "WEBP", (60, 60)),  # never enlarged
    ],
)
def test_a_picture_is_stored_as_a_small_square_webp(
    client: TestClient, size: tuple[int, int], format: str, expected: tuple[int, int]
) -> None:
    user = sign_up(client)
    r = upload(client, user, picture_bytes(*size, format=format))
    assert r.status_code == 200, r.text
    image_url = r.json()["image"]
    assert image_url.startswith(f"{picture_url(user.username)}?v=")
    picture = served(client, image_url)
    assert picture.format == "WEBP"
    assert picture.size == expected
    # Every view names it: the profile, /users/me, and jobs' owner.
    for url in (f"{API}/profiles/{user.username}", f"{API}/users/me"):
        assert client.get(url, headers=user.headers).json()["image"] == image_url
    job = post_cleaning(client, user)
    assert job["owner"]["image"] == image_url


def test_metadata_is_stripped(client: TestClient) -> None:
    user = sign_up(client)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPS latitude
    data = picture_bytes(400, 300, format="JPEG", exif=exif.tobytes())
    assert b"SecretCam" in data
    r = upload(client, user, data, content_type="image/jpeg")
    assert r.status_code == 200, r.text
    raw = client.get(r.json()["image"]).content
    assert b"SecretCam" not in raw and b"Exif" not in raw
    assert not served(client, r.json()["image"]).getexif()


def test_the_picture_is_public_cached_and_revalidated(client: TestClient) -> None:
    user = sign_up(client)
    upload(client, user, picture_bytes())
    r = client.get(picture_url(user.username))  # no token: <img> sends none
    assert r.status_code == 200
    etag = r.headers["etag"]
    assert etag.startswith('"') and "max-age" in r.headers["cache-control"]
    again = client.get(picture_url(user.username), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = client.get(picture_url(user.username), headers={"If-None-Match": '"x"'})
    assert other.status_code == 200


def test_a_new_picture_gets_a_new_url_and_etag(client: TestClient) -> None:
    user = sign_up(client)
    first = upload(client, user, picture_bytes(50, 50)).json()["image"]
    etag = client.get(first).headers["etag"]
    second = upload(client, user, picture_bytes(80, 80)).json()["image"]
    assert second != first
    assert client.get(second).headers["etag"] != etag


def test_delete_removes_the_picture(client: TestClient) -> None:
    user = sign_up(client)
    upload(client, user, picture_bytes())
    r = client.delete(UPLOAD, headers=user.headers)
    assert r.status_code == 200, r.text
    assert client.get(picture_url(user.username)).status_code == 404
    me = client.get(f"{API}/profiles/me", headers=user.headers).json()
    assert me["image"] is None


def test_a_rename_keeps_the_picture(client: TestClient) -> None:
    user = sign_up(client)
    upload(client, user, picture_bytes())
    r = client.patch(
        f"{API}/users/me",
        headers=user.headers,
        json={"username": "renamed_" + user.username[2:12]},
    )
    assert r.status_code == 200, r.text
    new_name = r.json()["username"]
    image = r.json()["image"]
    assert image.startswith(f"{picture_url(new_name)}?v=")
    assert served(client, image).size == (48, 48)


def test_too_large_is_413(client: TestClient) -> None:
    user = sign_up(client)
    # A valid PNG just over 2 MiB (noise does not compress).
    big = picture_bytes(10, 10) + b"\0" * (MAX_UPLOAD_BYTES - 50)
    r = upload(client, user, big)
    assert r.status_code == 413, r.text[:200]
    assert "detail" in r.json()
    # Just under the limit is read (then refused as not an image, not for its size).
    r = upload(client, user, b"x" * (MAX_UPLOAD_BYTES - 1))
    assert r.status_code == 422


def bomb_png(side: int) -> bytes:
    """A small PNG that claims side x side pixels: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (side + 1) * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"not an image at all", "image/png"),
        (b"", "image/png"),
        (picture_bytes()[:40], "image/png"),  # cut short
        (picture_bytes(format="GIF"), "image/gif"),
        (picture_bytes(format="BMP"), "image/bmp"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        (bomb_png(60_000), "image/png"),  # 3.6 billion pixels
    ],
    ids=["text", "empty", "truncated", "gif", "bmp", "svg", "bomb"],
)
def test_anything_but_a_decodable_png_jpeg_or_webp_is_422(
    client: TestClient, data: bytes, content_type: str
) -> None:
    user = sign_up(client)
    r = upload(client, user, data, content_type=content_type)
    assert r.status_code == 422, r.text
    [error] = r.json()["detail"]
    assert error["loc"] == ["body", "file"]
    assert client.get(picture_url(user.username)).status_code == 404


def test_the_file_field_is_required(client: TestClient) -> None:
    user = sign_up(client)
    r = client.put(UPLOAD, headers=user.headers, files={"other": ("a.png", b"x")})
    assert r.status_code == 422


def test_uploads_need_a_token(client: TestClient) -> None:
    r = client.put(UPLOAD, files={"file": ("a.png", picture_bytes(), "image/png")})
    assert r.status_code == 401
    assert client.delete(UPLOAD).status_code == 401


def test_no_picture_is_404(client: TestClient) -> None:
    user = sign_up(client)
    assert client.get(picture_url(user.username)).status_code == 404
    assert client.get(picture_url("nobody_at_all")).status_code == 404
