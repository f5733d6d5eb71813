"""What customers call about, found in call transcripts, and calls where the customer complains.

Topics: each call's words reduced to their dictionary forms (pymorphy3; only content words: nouns, verbs,
adjectives, adverbs), weighted by TF-IDF over the calls (words of every call, such as greetings, weigh
nothing) and factorised with non-negative matrix factorisation (NMF, scikit-learn): each topic is a set of
words that occur together, each call belongs to the topic that explains most of it. The number of topics
is the user's, or the one whose assignment of calls separates best (the mean silhouette, cosine, over 3 to
12 topics, at least 8 calls a topic); NMF starts from several points and keeps the best reconstruction.
Each topic comes with its top words, example phrases of customers and calls to listen to.
Nothing is downloaded: pymorphy3's dictionary ships as a package.

Flags: customer phrases with a complaint or negative word («жалоба», «претензия», «безобразие»,
«ужасно», «сколько можно»...), as dictionary forms so that every inflection counts; the operator's
words (apologies, «зарегистрирую жалобу») are not the customer's opinion and are not read where the
transcript tells speakers apart.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from callscout.audio.asr import Segment, Transcript

CONTENT_TAGS = {"NOUN", "VERB", "INFN", "ADJF", "ADJS", "PRTF", "PRTS", "ADVB", "COMP"}
# Words of any call (greeting, politeness, the hotline itself): never a topic.
BOILERPLATE = frozenset(
    [
        "здравствуйте",
        "здравствовать",
        "добрый",
        "день",
        "вечер",
        "утро",
        "спасибо",
        "пожалуйста",
        "подсказать",
        "сказать",
        "звать",
        "слушать",
        "хотеть",
        "мочь",
        "нужно",
        "можно",
        "хорошо",
        "ладно",
        "понять",
        "понятно",
        "отлично",
        "секунда",
        "минута",
        "всего",
        "доброе",
        "свидание",
        "интернет",
        "магазин",
        "оператор",
        "клиент",
        "алло",
        "сейчас",
        "уже",
        "ещё",
        "очень",
        "просто",
    ]
)
WORD = re.compile(r"[а-яёa-z]+(?:-[а-яёa-z]+)?", re.IGNORECASE)

# Dictionary forms that mark a complaint or a negative customer. Two-word cues are matched on neighbours.
COMPLAINT_CUES = frozenset(
    [
        "жалоба",
        "жаловаться",
        "пожаловаться",
        "претензия",
        "роспотребнадзор",
        "суд",
        "компенсация",
        "обмануть",
        "обман",
        "мошенничество",
        "мошенник",
        "требовать",
    ]
)
NEGATIVE_CUES = frozenset(
    [
        "ужасный",
        "ужасно",
        "отвратительный",
        "отвратительно",
        "кошмар",
        "безобразие",
        "хамить",
        "нахамить",
        "хамство",
        "грубо",
        "грубый",
        "возмутительно",
        "возмутительный",
        "возмутить",
        "возмущение",
        "возмущённый",
        "надоесть",
        "издевательство",
        "разочаровать",
        "разочарованный",
        "недовольный",
        "неуважение",
        "бардак",
        "позор",
    ]
)
NEGATIVE_PAIRS = frozenset({("сколько", "можно"), ("никакой", "сервис"), ("больше", "ничего")})
MAX_TOPICS = 12
RESTARTS = 8
COMMON_SHARE = 0.5
# A topic found in fewer calls is a guess: the automatic choice stops at calls / 8 topics.
MIN_CALLS_PER_TOPIC = 8
# Words a customer uses for the same request, read as one (heuristics as data: what an online store's
# callers say). Without it a request said in many ways (change the address, the date, an item: every call
# its own verb) spreads over topics that a person would not tell apart.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "изменить": (
        "поменять",
        "заменить",
        "перенести",
        "исправить",
        "добавить",
        "убрать",
        "удалить",
        "объединить",
        "отменить",
        "изменение",
        "замена",
        "перенос",
        "отмена",
    ),
    "вернуть": ("сдать", "возврат", "вернуться"),
    "оплатить": ("заплатить", "оплата", "платёж", "платеж", "списать", "списание"),
    "доставка": ("привезти", "доставить", "курьер", "посылка", "трек", "отправить"),
    "жалоба": ("пожаловаться", "жаловаться", "претензия"),
}
_CONCEPT_OF = {word: concept for concept, words in CONCEPTS.items() for word in words}


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    from callscout.morph import russian_morph

    return russian_morph()


# Names (the operator introducing herself) say nothing of the topic.
NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


@lru_cache(maxsize=200_000)
def _parse(word: str) -> tuple[str, str | None]:
    best = _analyzer().parse(word)[0]
    pos = None if NAME_TAGS & set(best.tag.grammemes) else best.tag.POS
    return best.normal_form.replace("ё", "е"), pos


def lemmas(text: str, *, content_only: bool = True) -> list[str]:
    """Dictionary forms of the words of ``text`` («заказы» -> «заказ»), content words only by default."""
    result = []
    for word in WORD.findall(text.lower()):
        lemma, pos = _parse(word)
        if content_only and (pos not in CONTENT_TAGS or lemma in BOILERPLATE or len(lemma) < 3):
            continue
        result.append(lemma)
    return result


def customer_segments(transcript: Transcript) -> list[Segment]:
    """The customer's segments where speakers are known, else every segment."""
    if any(segment.speaker for segment in transcript.segments):
        return [segment for segment in transcript.segments if segment.speaker == "customer"]
    return list(transcript.segments)


def flags(transcript: Transcript) -> list[dict[str, Any]]:
    """The customer's phrases with a complaint or negative cue: kind, the cue and the phrase."""
    found = []
    for segment in customer_segments(transcript):
        words = lemmas(segment.text, content_only=False)
        cues = [(word, "complaint") for word in words if word in COMPLAINT_CUES]
        cues += [(word, "negative") for word in words if word in NEGATIVE_CUES]
        cues += [(" ".join(pair), "negative") for pair in itertools.pairwise(words) if pair in NEGATIVE_PAIRS]
        if cues:
            kinds = {kind for _cue, kind in cues}
            found.append(
                {
                    "kind": "complaint" if "complaint" in kinds else "negative",
                    "cues": sorted({cue for cue, _kind in cues}),
                    "phrase": segment.text,
                    "start": segment.start,
                }
            )
    return found


def _fit(matrix: Any, count: int, seed: int) -> tuple[Any, Any]:
    """NMF from several starts (SVD-based and random), the one that reconstructs the calls best: a single
    start can settle in a poor local optimum, and which one depends on the data's order."""
    from sklearn.decomposition import NMF

    best = None
    for start in range(RESTARTS):
        model = NMF(
            n_components=count, init="nndsvda" if start == 0 else "random", random_state=seed + start, max_iter=1000
        )
        weights = model.fit_transform(matrix)
        if best is None or model.reconstruction_err_ < best[0].reconstruction_err_:
            best = (model, weights)
    return best


def _choose_count(matrix: Any, candidates: range, seed: int) -> int:
    """The number of topics whose assignment of calls has the best mean silhouette (cosine)."""
    from sklearn.metrics import silhouette_score

    best, best_score = candidates[0], -2.0
    for count in candidates:
        labels = _fit(matrix, count, seed)[1].argmax(axis=1)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(matrix, labels, metric="cosine")
        if score > best_score:
            best, best_score = count, score
    return best


def topics(
    calls: Sequence[tuple[str, Transcript]],
    *,
    count: int | None = None,
    top_words: int = 6,
    examples: int = 3,
    listen: int = 5,
    seed: int = 0,
) -> dict[str, Any]:
    """Topics of the calls (``(call reference, transcript)`` pairs); ``count`` topics, or chosen."""
    words = [[_CONCEPT_OF.get(word, word) for word in lemmas(transcript.text)] for _ref, transcript in calls]
    # Words in most calls (the shop's name, «заказ») are dropped before pairs of neighbours are formed, so
    # that no pair is made of a common word and a topic word.
    frequency = Counter(word for document in words for word in set(document))
    common = {word for word, calls_with in frequency.items() if calls_with > COMMON_SHARE * len(calls)}
    documents = [" ".join(word for word in document if word not in common) for document in words]
    usable = [index for index, document in enumerate(documents) if document]
    if len(usable) < 6:
        return {"status": "no_data", "reason": "too_few_transcripts", "calls": len(calls), "topics": []}
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        tokenizer=str.split,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        min_df=2,
        max_df=0.5,
        sublinear_tf=True,
    )
    matrix = vectorizer.fit_transform([documents[index] for index in usable])
    vocabulary = vectorizer.get_feature_names_out()
    upper = max(3, min(MAX_TOPICS, len(usable) // MIN_CALLS_PER_TOPIC))
    chosen = count if count is not None else _choose_count(matrix, range(3, upper + 1), seed)
    chosen = max(1, min(chosen, len(usable) - 1, matrix.shape[1]))
    model, weights = _fit(matrix, chosen, seed)
    assignment = weights.argmax(axis=1)
    result_topics = []
    for topic in range(chosen):
        order = model.components_[topic].argsort()[::-1]
        words = [str(vocabulary[index]) for index in order[:top_words] if model.components_[topic][index] > 0]
        members = [row for row in range(len(usable)) if assignment[row] == topic]
        members.sort(key=lambda row, topic=topic: -weights[row, topic])
        key_words = {word for phrase in words for word in phrase.split()}
        phrases = []
        for row in members:
            ref, transcript = calls[usable[row]]
            scored = [
                (len(key_words & {_CONCEPT_OF.get(word, word) for word in lemmas(segment.text)}), segment.text)
                for segment in customer_segments(transcript)
            ]
            score, text = max(scored, default=(0, ""))
            if score:
                phrases.append({"call": ref, "text": text})
            if len(phrases) >= examples:
                break
        result_topics.append(
            {
                "id": topic,
                "words": words,
                "calls": len(members),
                "share": round(len(members) / len(usable), 4),
                "listen": [calls[usable[row]][0] for row in members[:listen]],
                "examples": phrases,
            }
        )
    result_topics.sort(key=lambda item: -item["calls"])
    return {
        "status": "ok",
        "method": "tf-idf + nmf",
        "calls": len(calls),
        "with_words": len(usable),
        "topic_count": chosen,
        "count_chosen": count is None,
        "topics": result_topics,
        "assignment": {calls[usable[row]][0]: int(assignment[row]) for row in range(len(usable))},
    }


def flagged_calls(calls: Sequence[tuple[str, Transcript]]) -> list[dict[str, Any]]:
    """The calls with a complaint or negative customer phrase, complaints first."""
    result = []
    for ref, transcript in calls:
        found = flags(transcript)
        if found:
            kind = "complaint" if any(item["kind"] == "complaint" for item in found) else "negative"
            result.append({"call": ref, "kind": kind, "phrases": found})
    result.sort(key=lambda item: (item["kind"] != "complaint", item["call"]))
    return result


def stored(
    store: Any, evaluation_id: int, vendor_ids: Sequence[int] | None = None
) -> list[tuple[str, Transcript, int | None]]:
    """Transcripts of one evaluation kept in the store (runs of kind "transcript"; the newest per recording),
    of ``vendor_ids`` only when given, each with the id of its recording's run (kind "audio") where there is
    one, for a link to listen to it. A run is the evaluation's when it says so or belongs to one of its
    vendors (a vendor id is of one evaluation): another evaluation's transcripts are never read."""
    from sqlalchemy import or_, select

    from callscout.audio.asr import Segment, Transcript
    from callscout.store.tables import RunRow, VendorRow

    with store.session() as session:
        own_vendors = select(VendorRow.id).where(VendorRow.evaluation_id == evaluation_id)
        query = (
            select(RunRow.id, RunRow.kind, RunRow.target, RunRow.vendor_id, RunRow.summary)
            .where(
                RunRow.kind.in_(("audio", "transcript")),
                or_(RunRow.evaluation_id == evaluation_id, RunRow.vendor_id.in_(own_vendors)),
            )
            .order_by(RunRow.started_at.desc(), RunRow.id.desc())
        )
        if vendor_ids is not None:
            query = query.where(RunRow.vendor_id.in_(list(vendor_ids)))
        runs = session.execute(query).all()
    recordings: dict[tuple[int | None, str], int] = {}
    for run_id, kind, target, vendor_id, _summary in runs:
        if kind == "audio":
            recordings.setdefault((vendor_id, target), run_id)
    result: list[tuple[str, Transcript, int | None]] = []
    seen: set[tuple[int | None, str]] = set()
    for _run_id, kind, target, vendor_id, summary in runs:
        if kind != "transcript" or (vendor_id, target) in seen:
            continue  # runs come newest first: an older transcript of the same recording is replaced
        seen.add((vendor_id, target))
        segments = [Segment(**segment) for segment in (summary or {}).get("segments", [])]
        result.append((target, Transcript(segments), recordings.get((vendor_id, target))))
    return result
