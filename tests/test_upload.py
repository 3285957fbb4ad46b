import random

from PIL import Image

from evidence_pack.upload import fit_jpeg


def test_fit_jpeg_lowers_quality_then_size():
    rnd = random.Random(1)
    noise = Image.frombytes("RGB", (1600, 2000), bytes(rnd.getrandbits(8) for _ in range(1600 * 2000 * 3)))
    data = fit_jpeg(noise, 600_000)
    assert len(data) <= 600_000
    import io

    with Image.open(io.BytesIO(data)) as im:
        assert im.width < 1600  # noise cannot fit by quality alone: the size went down too


def test_fit_jpeg_keeps_size_when_quality_is_enough():
    img = Image.new("RGB", (1280, 1600), (200, 100, 50))
    data = fit_jpeg(img, 2_000_000)
    import io

    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (1280, 1600)
