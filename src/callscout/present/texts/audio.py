"""Texts of callscout.audio: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "audio.good_recording_quality": (
        "качество записи хорошее",
        "good recording quality",
    ),
    "audio.good": (
        "хорошо",
        "good",
    ),
    "audio.acceptable": (
        "приемлемо",
        "acceptable",
    ),
    "audio.poor": (
        "плохо",
        "poor",
    ),
    "audio.text": (
        "{file}: {verdict} — {summary}",
        "{file}: {verdict} — {summary}",
    ),
    "audio.unreadable": (
        "не читается",
        "unreadable",
    ),
    "audio.no_decoder": (
        "нет декодера",
        "no decoder",
    ),
    "audio.asr.no_gigaam_checkpoint_in_expected_one": (
        "в папке {path} нет контрольной точки GigaAM: ожидается один из файлов {files}",
        "no GigaAM checkpoint in {path}: expected one of {files}",
    ),
    "audio.asr.unknown_recognition_engine_known": (
        "неизвестный движок распознавания {engine}; есть: {known}",
        "unknown recognition engine {engine}; known: {known}",
    ),
    "audio.asr.speech_recognition_is_not_configured_give": (
        (
            "распознавание речи не настроено: укажите папку модели (--model или CALLSCOUT_ASR_MODEL). Модели не "
            "скачиваются автоматически"
        ),
        (
            "speech recognition is not configured: give a model folder (--model or CALLSCOUT_ASR_MODEL). Models are "
            "never downloaded automatically"
        ),
    ),
    "audio.asr.model_folder_not_found": (
        "папка модели {path} не найдена",
        "model folder {path} not found",
    ),
    "audio.asr.engine_is_not_installed_missing_pip": (
        "движок {engine} не установлен (нет модулей {missing}): pip install 'callscout[{extra}]'",
        "engine {engine} is not installed (missing {missing}): pip install 'callscout[{extra}]'",
    ),
    "audio.asr.no_model_bin_in_whisper_model": (
        "в папке {path} нет model.bin: нужна модель Whisper в формате CTranslate2 (make asr-model)",
        "no model.bin in {path}: a Whisper model in CTranslate2 format is needed (make asr-model)",
    ),
    "audio.asr.transcript_is_not_utf_8_byte": (
        "{name}: расшифровка не в кодировке UTF-8 (байт {offset}); сохраните её как UTF-8",
        "{name}: the transcript is not UTF-8 (byte {offset}); save it as UTF-8",
    ),
    "audio.asr.cannot_read_transcript": (
        "{name}: не удалось прочитать расшифровку ({reason})",
        "{name}: cannot read the transcript ({reason})",
    ),
    "audio.asr.faster_whisper_model_in_does_not": (
        "модель faster-whisper в {path} не загружается: {error}",
        "the faster-whisper model in {path} does not load: {error}",
    ),
    "audio.asr.vosk_model_in_does_not_load": (
        "модель Vosk в {path} не загружается: {error}",
        "the Vosk model in {path} does not load: {error}",
    ),
    "audio.asr.gigaam_model_in_does_not_load": (
        "модель GigaAM {name} в {path} не загружается: {error}",
        "the GigaAM model {name} in {path} does not load: {error}",
    ),
    "audio.asr.expected_json_with_segments": (
        "{path}: ожидается JSON с segments: [{{start, end, text, speaker}}] ({error})",
        "{path}: expected JSON with segments: [{{start, end, text, speaker}}] ({error})",
    ),
    "audio.decode.format_needs_ffmpeg_debian_package_ffmpeg": (
        "{name}: для формата {container} нужен ffmpeg (пакет Debian ffmpeg), он не установлен",
        "{name}: the {container} format needs ffmpeg (Debian package ffmpeg), which is not installed",
    ),
    "audio.decode.probing_file_took_over_s": (
        "анализ файла занял больше {limit:.0f} с",
        "probing the file took over {limit:.0f} s",
    ),
    "audio.verdict.narrowband": (
        "узкополосной",
        "narrowband",
    ),
    "audio.verdict.wideband": (
        "широкополосной",
        "wideband",
    ),
    "audio.verdict.shorter_than_s_cannot_be_judged": (
        "запись короче {s:.0f} с — оценить нельзя",
        "shorter than {s:.0f} s, cannot be judged",
    ),
    "audio.verdict.noise_snr_db_for_audio_good": (
        "шум: SNR {snr} дБ (для {band} записи хорошо от {good:.0f} дБ, плохо ниже {poor:.0f} дБ)",
        "noise: SNR {snr} dB (for {band} audio good from {good:.0f} dB, poor below {poor:.0f} dB)",
    ),
    "audio.verdict.high_background_level_in_pauses_dbfs": (
        "высокий фон в паузах: {floor} dBFS",
        "high background level in pauses: {floor} dBFS",
    ),
    "audio.verdict.clipping_of_samples_cut_flat_at": (
        "перегрузка: {pct}% отсчётов срезаны на пике",
        "clipping: {pct}% of samples cut flat at the peak",
    ),
    "audio.verdict.other_people_s_voices_in_background": (
        "на фоне слышны голоса других людей ({s:.1f} с в паузах оператора)",
        "other people's voices in the background ({s:.1f} s in the operator's pauses)",
    ),
    "audio.verdict.little_speech_of_time": (
        "мало речи: {pct:.0f}% времени",
        "little speech: {pct:.0f}% of the time",
    ),
    "audio.verdict.long_silence_of_s": (
        "долгая пауза {s:.0f} с",
        "long silence of {s:.0f} s",
    ),
    "audio.verdict.parties_talk_over_each_other_of": (
        "собеседники перебивают друг друга {pct:.0f}% времени разговора",
        "the parties talk over each other {pct:.0f}% of the talk time",
    ),
    "audio.verdict.phone_band_audio_up_to_hz": (
        "телефонный звук (до {hz} Гц), пересчитанный в {rate} Гц",
        "phone-band audio (up to {hz} Hz) resampled to {rate} Hz",
    ),
    "audio.verdict.narrow_telephone_band_up_to_hz": (
        "узкая полоса телефонной линии (до {hz} Гц)",
        "narrow telephone band (up to {hz} Hz)",
    ),
}
