"""Text detection and recognition with the PP-OCR models that ``rapidocr`` ships, run by onnxruntime.

The models are read from the installed ``rapidocr`` package; nothing is
downloaded.  Detection gives text boxes; recognition gives, for each box,
the characters with their positions along the box and the probability of
the best and second-best reading of each, which the reader turns into
candidate readings of uncertain numbers.

onnxruntime runs on one thread: batch runs parallelise over files, and one
file's OCR on several threads would only fight the other workers for cores.
"""

from __future__ import annotations

import math
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import cv2
import numpy as np
import onnxruntime

from govinfo_report.errors import ExtractionError, SourceLocation
from govinfo_report.readers.image._readings import Glyph

__all__ = ["OcrEngine", "Reading", "engine"]

_DET_LIMIT = 1600
"""Longest side a page is scaled to for text detection (multiples of 32)."""
_DET_THRESHOLD = 0.3
_BOX_THRESHOLD = 0.5
_UNCLIP = 1.6
_REC_HEIGHT = 48
_REC_BATCH = 8
_REC_PIXELS = 4800
"""Most padded width, in pixels at the recogniser's height, of one batch of text lines."""
_MIN_BOX = 3


class Reading(NamedTuple):
    """A recognised text box: pixel box ``(x0, y0, x1, y1)`` (``y`` down) and its glyphs."""

    box: tuple[int, int, int, int]
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        """The best reading of the box."""
        return "".join(glyph.text for glyph in self.glyphs)


def _session(path: str) -> onnxruntime.InferenceSession:
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.enable_cpu_mem_arena = False
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])


def _model(kind: str) -> str:
    """Path of the shipped PP-OCR model of ``kind`` (``det`` or ``rec``)."""
    folder = resources.files("rapidocr") / "models"
    names = sorted(
        entry.name for entry in folder.iterdir() if entry.name.endswith(".onnx") and f"_{kind}_" in entry.name
    )
    if not names:
        raise ExtractionError(
            f"the installed rapidocr package ships no text {kind} model; reinstall govinfo-report[ocr]",
            location=SourceLocation(),
        )
    return str(folder / names[-1])


class OcrEngine:
    """The detection and recognition models, loaded once per process."""

    def __init__(self) -> None:
        det, rec = _model("det"), _model("rec")
        try:
            self._det = _session(det)
            self._rec = _session(rec)
            characters = self._rec.get_modelmeta().custom_metadata_map["character"].splitlines()
        except Exception as exc:  # onnxruntime raises its own classes for unreadable models
            raise ExtractionError(
                f"the OCR models of the installed rapidocr package cannot be loaded ({exc}); "
                "reinstall govinfo-report[ocr]",
                location=SourceLocation(),
            ) from exc
        self._alphabet = ["", *characters, " "]

    def detect(self, image: np.ndarray[Any, Any]) -> list[tuple[int, int, int, int]]:
        """Axis-aligned text boxes ``(x0, y0, x1, y1)`` of a grey ``uint8`` image, in its pixels."""
        height, width = image.shape[:2]
        scale = min(1.0, _DET_LIMIT / max(height, width))
        new_h = max(32, round(height * scale / 32) * 32)
        new_w = max(32, round(width * scale / 32) * 32)
        resized = cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_AREA)
        tensor = (resized.astype(np.float32) / 127.5 - 1.0)[None, None]
        tensor = np.repeat(tensor, 3, axis=1)
        prob = self._det.run(None, {"x": tensor})[0][0, 0]
        mask = (prob > _DET_THRESHOLD).astype(np.uint8)
        mask = cv2.dilate(mask, np.ones((2, 2), np.uint8))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
        sx, sy = width / new_w, height / new_h
        boxes: list[tuple[int, int, int, int]] = []
        for label in range(1, count):
            x, y, w, h, area = (int(v) for v in stats[label])
            if min(w, h) < _MIN_BOX:
                continue
            score = float(prob[y : y + h, x : x + w][labels[y : y + h, x : x + w] == label].mean())
            if score < _BOX_THRESHOLD:
                continue
            grow = area * _UNCLIP / (2 * (w + h))
            x0 = max(0, math.floor((x - grow) * sx))
            y0 = max(0, math.floor((y - grow) * sy))
            x1 = min(width, math.ceil((x + w + grow) * sx))
            y1 = min(height, math.ceil((y + h + grow) * sy))
            boxes.append((x0, y0, x1, y1))
        return boxes

    def recognise(self, image: np.ndarray[Any, Any], boxes: list[tuple[int, int, int, int]]) -> list[Reading]:
        """Read the text of each box of a grey ``uint8`` image."""
        order = sorted(
            range(len(boxes)), key=lambda i: (boxes[i][2] - boxes[i][0]) / max(1, boxes[i][3] - boxes[i][1])
        )
        readings: list[Reading | None] = [None] * len(boxes)
        for batch in self._batches(order, boxes):
            crops = [image[boxes[i][1] : boxes[i][3], boxes[i][0] : boxes[i][2]] for i in batch]
            widths = [max(1, math.ceil(_REC_HEIGHT * c.shape[1] / max(1, c.shape[0]))) for c in crops]
            width = max(*widths, _REC_HEIGHT)
            tensor = np.zeros((len(batch), 3, _REC_HEIGHT, width), dtype=np.float32)
            for row, (crop, crop_w) in enumerate(zip(crops, widths, strict=True)):
                resized = cv2.resize(crop, (crop_w, _REC_HEIGHT), interpolation=cv2.INTER_LINEAR)
                tensor[row, :, :, :crop_w] = resized.astype(np.float32) / 127.5 - 1.0
            probs = self._rec.run(None, {"x": tensor})[0]
            for row, index in enumerate(batch):
                box = boxes[index]
                steps = probs.shape[1] * widths[row] / width
                readings[index] = Reading(box, self._decode(probs[row], box, steps))
        return [reading for reading in readings if reading is not None]

    @staticmethod
    def _batches(order: list[int], boxes: list[tuple[int, int, int, int]]) -> list[list[int]]:
        """Boxes in batches of at most ``_REC_BATCH`` whose padded width stays within ``_REC_PIXELS``.

        The recogniser's output holds a probability for every character of its alphabet at
        every step of every line of a batch: wide lines go in small batches.
        """
        batches: list[list[int]] = []
        widest = 0
        for index in order:
            x0, y0, x1, y1 = boxes[index]
            width = math.ceil(_REC_HEIGHT * (x1 - x0) / max(1, y1 - y0))
            last = batches[-1] if batches else None
            if (
                last is not None
                and len(last) < _REC_BATCH
                and max(widest, width) * (len(last) + 1) <= _REC_PIXELS
            ):
                last.append(index)
                widest = max(widest, width)
            else:
                batches.append([index])
                widest = width
        return batches

    def _decode(
        self, probs: np.ndarray[Any, Any], box: tuple[int, int, int, int], steps: float
    ) -> tuple[Glyph, ...]:
        """CTC greedy decoding keeping, for each character, its position and runner-up."""
        best = probs.argmax(axis=1)
        glyphs: list[Glyph] = []
        step_width = (box[2] - box[0]) / max(steps, 1.0)
        previous = 0
        for step, found in enumerate(best):
            index = int(found)
            if index not in (0, previous):
                row = probs[step]
                runner = row.copy()
                runner[index] = -1.0
                second = int(runner.argmax())
                glyphs.append(
                    Glyph(
                        text=self._alphabet[index] if index < len(self._alphabet) else "",
                        x=box[0] + (step + 0.5) * step_width,
                        probability=float(row[index]),
                        second=self._alphabet[second] if 0 < second < len(self._alphabet) else "",
                        second_probability=float(row[second]),
                    )
                )
            previous = index
        return tuple(glyph for glyph in glyphs if glyph.text)


@cache
def engine() -> OcrEngine:
    """The process's engine, loaded on first use."""
    return OcrEngine()
