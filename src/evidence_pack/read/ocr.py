"""Text in a picture (OCR), with the optional reading extra: rapidocr 3.x on onnxruntime, whose PP-OCRv6
models (Japanese kana and kanji, Chinese, English) ship inside its wheel.

Nothing is ever downloaded: the engine is given the paths of the models inside the installed package,
so rapidocr's downloader (used only when no model path is given) is never reached, and the recognition
model carries its own character list (no dictionary to fetch). Without the extra, `available()` is False
and everything else works as before.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from evidence_pack.errors import EvidencePackError
from evidence_pack.read.barcodes import Box

INSTALL_HINT = "pip install 'evidence-pack[read]'"
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
# A screenshot taller than this (height / width) is read in slices: the detector shrinks whole pictures
# to its input size, and the text of a long scroll would come out too small to read.
SLICE_RATIO = 2.4
MIN_SCORE = 0.5


class OcrUnavailableError(EvidencePackError):
    """The reading extra is not installed, or its models are not where its package puts them."""


@dataclass(frozen=True)
class TextLine:
    text: str
    box: Box  # x, y, w, h in fractions of the picture
    score: float


def available() -> bool:
    """True when the reading extra (rapidocr and onnxruntime) is installed; nothing is imported."""
    try:
        return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))
    except (ImportError, ValueError):  # a module set to None in sys.modules: hidden on purpose
        return False


def engine_version() -> str:
    """rapidocr's version (part of the cache key: another model reads differently)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"rapidocr {version('rapidocr')}"
    except PackageNotFoundError:
        return "none"


def _models() -> Path:
    if not available():
        raise OcrUnavailableError(f"reading text needs the reading extra; install it with {INSTALL_HINT}")
    spec = importlib.util.find_spec("rapidocr")
    assert spec is not None and spec.origin is not None
    folder = Path(spec.origin).parent / "models"
    missing = [m for m in (DET_MODEL, REC_MODEL, CLS_MODEL) if not (folder / m).is_file()]
    if missing:
        raise OcrUnavailableError(
            f"the reading extra's models are missing ({', '.join(missing)} in {folder}); "
            f"reinstall it with {INSTALL_HINT} (this tool never downloads models)"
        )
    return folder


class OcrEngine:
    """The loaded models: made once per run (about 1.7 s), then one picture at a time."""

    def __init__(self) -> None:
        folder = _models()
        import logging

        from rapidocr import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        self._ocr: Any = RapidOCR(
            params={
                "Global.log_level": "error",
                "Global.use_cls": False,  # screenshots and labels are upright (turned upright on reading)
                "Global.max_side_len": 4000,  # slices are made here, not by shrinking
                "Det.limit_type": "max",
                "Det.limit_side_len": 960,
                "Det.model_path": str(folder / DET_MODEL),
                "Rec.model_path": str(folder / REC_MODEL),
                "Cls.model_path": str(folder / CLS_MODEL),
                # Measured on 2 cores: one thread reads a screenshot in 1.3 s, two threads in 1.9 s
                # (the threads wait on each other); the other core goes on with the build meanwhile.
                "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
            }
        )

    def read(self, img: Image.Image) -> list[TextLine]:
        """Every line of text, top to bottom, with its box in fractions of the whole picture."""
        rgb = img.convert("RGB")
        h = rgb.height
        out: list[TextLine] = []
        top = 0
        for part in _slices(rgb):
            out += [
                TextLine(
                    t.text,
                    (t.box[0], (top + t.box[1] * part.height) / h, t.box[2], t.box[3] * part.height / h),
                    t.score,
                )
                for t in self._read_one(part)
            ]
            top += part.height
        return sorted(out, key=lambda t: (round(t.box[1] * h / 8), t.box[0]))

    def _read_one(self, img: Image.Image) -> list[TextLine]:
        import numpy as np

        # rapidocr takes arrays in OpenCV's channel order (BGR)
        result = self._ocr(np.ascontiguousarray(np.asarray(img)[:, :, ::-1]))
        if result.boxes is None or result.txts is None:
            return []
        w, h = img.size
        lines = []
        for box, text, score in zip(result.boxes, result.txts, result.scores, strict=False):
            if score < MIN_SCORE or not text.strip():
                continue
            xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
            x0, y0 = max(0.0, min(xs)), max(0.0, min(ys))
            x1, y1 = min(float(w), max(xs)), min(float(h), max(ys))
            lines.append(TextLine(text.strip(), (x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h), round(float(score), 3)))
        return lines


def _slices(img: Image.Image) -> list[Image.Image]:
    """A tall screenshot cut between lines of text (the cuts the pack's pages use), else the picture."""
    if img.height <= img.width * SLICE_RATIO:
        return [img]
    from evidence_pack.ingest import split_tall

    return split_tall(img)
