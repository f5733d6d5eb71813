"""Topics found in call transcripts and complaint flags, against hand labels of sixty store calls.

tests/data/transcripts/shop_calls.txt: sixty calls to an online home-goods store written as people speak
(delivery status, returns, payment, order changes, complaints, product questions), each labelled by hand
with its topic and whether the customer is negative.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from pathlib import Path

from callscout.audio.asr import Segment, Transcript
from callscout.calls import transcripts
from tests.test_calls_cli import callscout

FIXTURE = Path(__file__).parent / "data" / "transcripts" / "shop_calls.txt"
# The word a person reads a topic by, for each hand label.
RECOGNISED_BY = {
    "delivery": {"доставка", "курьер", "трек-номер", "выдача", "посылка"},
    "return": {"вернуть", "возврат"},
    "payment": {"оплатить", "оплата", "платеж"},
    "change": {"изменить"},
    "complaint": {"жалоба", "претензия"},
    "availability": {"наличие"},
}


def load_calls() -> tuple[list[tuple[str, Transcript]], dict[str, str], dict[str, str]]:
    calls: list[tuple[str, list[Segment]]] = []
    labels: dict[str, str] = {}
    tones: dict[str, str] = {}
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.startswith("==="):
            ref, topic, tone = (part.strip() for part in line[3:].split("|"))
            calls.append((ref, []))
            labels[ref], tones[ref] = topic, tone
        elif calls and ":" in line:
            who, text = line.split(":", 1)
            segments = calls[-1][1]
            speaker = "operator" if who == "оператор" else "customer"
            segments.append(Segment(float(len(segments)), float(len(segments)), text.strip(), speaker))
    return [(ref, Transcript(segments)) for ref, segments in calls], labels, tones


def share_right(assignment: dict[str, int], labels: dict[str, str]) -> tuple[float, dict[int, str]]:
    """Each topic named by the hand label most of its calls carry; the share of calls in their right topic."""
    groups: dict[int, list[str]] = defaultdict(list)
    for ref, topic in assignment.items():
        groups[topic].append(labels[ref])
    names = {topic: Counter(members).most_common(1)[0][0] for topic, members in groups.items()}
    right = sum(labels[ref] == names[topic] for ref, topic in assignment.items())
    return right / len(labels), names


def test_fixture_is_what_the_task_asks() -> None:
    calls, labels, _tones = load_calls()
    assert len(calls) >= 50 and set(Counter(labels.values()).values()) == {10}
    assert all(len(transcript.segments) >= 3 for _ref, transcript in calls)


def test_topics_match_hand_labels() -> None:
    calls, labels, _tones = load_calls()
    found = transcripts.topics(calls)
    assert found["status"] == "ok" and found["count_chosen"]
    # A handful of topics, as a person would sort these calls: not one topic per call.
    assert 5 <= found["topic_count"] <= 8
    right, names = share_right(found["assignment"], labels)
    assert right >= 0.8, (right, names)
    assert set(names.values()) == set(RECOGNISED_BY)  # every kind of call has a topic of its own
    for topic in found["topics"]:
        label = names[topic["id"]]
        assert RECOGNISED_BY[label] & {word for phrase in topic["words"] for word in phrase.split()}, topic
        examples = topic["examples"]
        assert examples and all(found["assignment"][example["call"]] == topic["id"] for example in examples)
        assert topic["listen"] and all(found["assignment"][ref] == topic["id"] for ref in topic["listen"])


def test_topics_do_not_depend_on_the_order_of_calls() -> None:
    calls, labels, _tones = load_calls()
    shuffled = calls[:]
    random.Random(5).shuffle(shuffled)
    right, _names = share_right(transcripts.topics(shuffled)["assignment"], labels)
    assert right >= 0.8


def test_given_number_of_topics() -> None:
    calls, labels, _tones = load_calls()
    found = transcripts.topics(calls, count=6)
    assert found["topic_count"] == 6 and not found["count_chosen"]
    assert share_right(found["assignment"], labels)[0] >= 0.8


def test_complaints_and_negative_customers_are_flagged() -> None:
    calls, _labels, tones = load_calls()
    flagged = {item["call"]: item for item in transcripts.flagged_calls(calls)}
    negative = {ref for ref, tone in tones.items() if tone == "negative"}
    assert set(flagged) == negative
    assert flagged["c41"]["kind"] == "complaint" and "жалоба" in flagged["c41"]["phrases"][0]["cues"]
    assert flagged["c13"]["kind"] == "negative" and "ужасно" in flagged["c13"]["phrases"][0]["phrase"]
    assert any("сколько можно" in phrase["cues"] for phrase in flagged["c18"]["phrases"])
    # The operator's «зарегистрирую жалобу» is not the customer's complaint.
    operator_only = Transcript(
        [
            Segment(0, 1, "Я зарегистрирую вашу жалобу, приносим извинения", "operator"),
            Segment(1, 2, "Спасибо", "customer"),
        ]
    )
    assert transcripts.flags(operator_only) == []


def test_too_few_transcripts_say_so() -> None:
    calls, _labels, _tones = load_calls()
    found = transcripts.topics(calls[:4])
    assert found["status"] == "no_data" and found["reason"] == "too_few_transcripts"


def test_command_line_reads_transcript_files(tmp_path: Path) -> None:
    calls, _labels, _tones = load_calls()
    folder = tmp_path / "transcripts"
    folder.mkdir()
    for ref, transcript in calls:
        lines = [
            f"[00:{index:02d}] {'оператор' if segment.speaker == 'operator' else 'клиент'}: {segment.text}"
            for index, segment in enumerate(transcript.segments)
        ]
        (folder / f"{ref}.txt").write_text("\n".join(lines), encoding="utf-8")
    result = callscout("calls", "transcript-topics", str(folder), "--output", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["topics"]["status"] == "ok" and data["topics"]["calls"] == 60
    flagged = {Path(item["call"]).stem for item in data["flagged"]}
    assert flagged == {ref for ref, tone in load_calls()[2].items() if tone == "negative"}
    shown = callscout("calls", "transcript-topics", str(folder), cwd=tmp_path)
    assert shown.returncode == 0 and "Жалобы и недовольство" in shown.stdout
