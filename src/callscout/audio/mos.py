"""Optional DNSMOS P.835 scores (speech SIG, background BAK, overall OVRL), plain and personalised,
from the ONNX models that the ``speechmos`` package ships, run offline with onnxruntime.

Installed by the extra ``callscout[mos]``. We call the models ourselves rather than
``speechmos.dnsmos.run``: that wrapper imports librosa (numba, llvmlite) only for the P.808 score's
mel spectrogram, which we do not report. The primary model takes raw 16 kHz audio in 9.01 s windows;
windows are taken back to back (not every second as in the reference script) and at most
``MAX_WINDOWS`` of them, evenly spread, so a long call costs bounded time.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np
from scipy import signal

MOS_RATE = 16000
WINDOW_S = 9.01
MAX_WINDOWS = 20
MAX_SECONDS = WINDOW_S * MAX_WINDOWS * 4

# Polynomials that map the network's raw outputs to MOS (from the DNSMOS reference implementation).
_POLYNOMIALS = {
    False: (
        [-0.08397278, 1.22083953, 0.0052439],
        [-0.13166888, 1.60915514, -0.39604546],
        [-0.06766283, 1.11546468, 0.04602535],
    ),
    True: (
        [-0.01019296, 0.02751166, 1.19576786, -0.24348726],
        [-0.04976499, 0.44276479, -0.1644611, 0.96883132],
        [-0.00533021, 0.005101, 1.18058466, -0.11236046],
    ),
}


def available() -> bool:
    return find_spec("speechmos") is not None and find_spec("onnxruntime") is not None


@lru_cache(maxsize=2)
def _session(personalized: bool) -> Any:
    import onnxruntime
    import speechmos

    folder = "pdnsmos_models" if personalized else "dnsmos_models"
    model = Path(speechmos.__file__).with_name(folder) / "sig_bak_ovr.onnx"
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])


def dnsmos(audio: np.ndarray, *, personalized: bool = False) -> dict[str, float] | None:
    """Mean SIG/BAK/OVRL over the windows of 16 kHz mono ``audio``; None when shorter than 1 s."""
    if len(audio) < MOS_RATE:
        return None
    window = int(WINDOW_S * MOS_RATE)
    while len(audio) < window:  # the reference repeats short clips to fill a window
        audio = np.concatenate([audio, audio])
    starts = np.arange(0, len(audio) - window + 1, window)
    if len(starts) > MAX_WINDOWS:
        starts = starts[np.linspace(0, len(starts) - 1, MAX_WINDOWS).astype(int)]
    session = _session(personalized)
    raw = np.array(
        [
            session.run(None, {"input_1": audio[start : start + window].astype(np.float32)[None, :]})[0][0]
            for start in starts
        ]
    )
    sig_poly, bak_poly, ovr_poly = (np.poly1d(coefficients) for coefficients in _POLYNOMIALS[personalized])
    return {
        "sig": round(float(np.mean(sig_poly(raw[:, 0]))), 2),
        "bak": round(float(np.mean(bak_poly(raw[:, 1]))), 2),
        "ovrl": round(float(np.mean(ovr_poly(raw[:, 2]))), 2),
        "windows": len(starts),
    }


class MosCollector:
    """Keeps a 16 kHz mono copy of the first ``MAX_SECONDS`` of a recording for DNSMOS."""

    def __init__(self, sample_rate: int) -> None:
        self.rate = sample_rate
        self._parts: list[np.ndarray] = []
        self._kept = 0

    def add(self, block: np.ndarray) -> None:
        if self._kept >= MAX_SECONDS * MOS_RATE:
            return
        mono = block.mean(axis=1) if block.ndim == 2 else block
        if self.rate != MOS_RATE:
            mono = signal.resample_poly(mono, MOS_RATE, self.rate)
        self._parts.append(np.clip(mono, -1.0, 1.0).astype(np.float32))
        self._kept += len(mono)

    def scores(self) -> dict[str, Any]:
        if not available():
            return {"available": False, "reason": "speechmos/onnxruntime not installed: pip install 'callscout[mos]'"}
        audio = np.concatenate(self._parts) if self._parts else np.zeros(0, np.float32)
        return {
            "available": True,
            "dnsmos": dnsmos(audio),
            "dnsmos_personalized": dnsmos(audio, personalized=True),
        }
