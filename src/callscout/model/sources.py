"""Call tracking in the evaluation file: which advertising channel each dialled number and UTM tag stands for.

```yaml
sources:
  - channel: Яндекс Директ
    numbers: ["+7 495 120-45-67"]      # call-tracking numbers, DIDs, 8-800 lines
    utm: [yandex]                      # utm_source values the call-tracking export carries
    spend: {"2026-03": 150000}         # rubles per month, where known
```
Numbers are compared as the call logs store them: digits only, a Russian trunk 8 made 7.
"""

from __future__ import annotations

import re

from pydantic import Field, field_validator, model_validator

from callscout.model.common import Money, StrictModel

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def number_digits(text: str) -> str:
    """A phone number as the call store keeps it (the ``cs_phone`` macro): digits, 8XXXXXXXXXX made 7XXXXXXXXXX."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    return digits


class CallSource(StrictModel):
    channel: str = Field(min_length=1, max_length=100, description="«Яндекс Директ», «Авито», «сайт», «офлайн»")
    numbers: list[str] = Field(default_factory=list, max_length=1000, description="Dialled numbers of the channel")
    utm: list[str] = Field(default_factory=list, max_length=200, description="UTM source tags of the channel")
    spend: dict[str, Money] = Field(default_factory=dict, description="Spend per month, YYYY-MM: rubles")

    @field_validator("numbers")
    @classmethod
    def _numbers_have_digits(cls, numbers: list[str]) -> list[str]:
        for number in numbers:
            digits = number_digits(number)
            if not 3 <= len(digits) <= 15:
                raise ValueError(f"not a phone number: {number!r}")
        return numbers

    @field_validator("utm")
    @classmethod
    def _tags_not_blank(cls, tags: list[str]) -> list[str]:
        if any(not tag.strip() for tag in tags):
            raise ValueError("an empty UTM tag")
        return [tag.strip() for tag in tags]

    @field_validator("spend")
    @classmethod
    def _months(cls, spend: dict[str, float]) -> dict[str, float]:
        bad = sorted(month for month in spend if not _MONTH.match(month))
        if bad:
            raise ValueError(f"spend months must be YYYY-MM, got {', '.join(bad)}")
        return spend

    @model_validator(mode="after")
    def _identified(self) -> CallSource:
        if not self.numbers and not self.utm:
            raise ValueError(f"channel {self.channel!r} names no number and no UTM tag")
        return self


def check_sources(sources: list[CallSource]) -> list[CallSource]:
    """A number or tag belongs to one channel only: otherwise its calls would be counted twice."""
    numbers: dict[str, str] = {}
    tags: dict[str, str] = {}
    channels: set[str] = set()
    for source in sources:
        key = source.channel.casefold()
        if key in channels:
            raise ValueError(f"channel {source.channel!r} is listed twice")
        channels.add(key)
        for number in source.numbers:
            owner = numbers.setdefault(number_digits(number), source.channel)
            if owner != source.channel:
                raise ValueError(f"number {number!r} belongs to both {owner!r} and {source.channel!r}")
        for tag in source.utm:
            owner = tags.setdefault(tag.casefold(), source.channel)
            if owner != source.channel:
                raise ValueError(f"UTM tag {tag!r} belongs to both {owner!r} and {source.channel!r}")
    return sources
