"""The demo's random source: names, phones, days and unused ID numbers, from one seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

from unionapp.services import demo_names as words
from unionapp.validation.idcard import id_check_char


class Maker:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.start = date(today.year - 2, 1, 1)
        self.issued: set[str] = set()  # ID numbers on file or handed out: never twice

    def day_between(self, first: date, last: date) -> date:
        span = max(0, (last - first).days)
        return first + timedelta(days=self.rng.randint(0, span))

    def recent_day(self) -> date:
        return self.day_between(self.start, self.today)

    def person_name(self) -> str:
        given = "".join(self.rng.choice(words.GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        if self.rng.random() < 0.03:
            given = given[:1] + self.rng.choice(words.RARE_GIVEN)
        return self.rng.choice(words.SURNAMES) + given

    def phone(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randint(0, 999_999_999):09d}"

    def id_number(self, birth: date, female: bool, serial: int) -> str:
        """A valid, unused number for the birth date and gender (another order code, then
        another region, when the first is taken)."""
        for attempt in range(len(words.REGIONS) * 500):
            region = words.REGIONS[(serial + attempt // 500) % len(words.REGIONS)]
            order = ((serial + attempt) % 500) * 2 + (0 if female else 1)
            body = f"{region}{birth:%Y%m%d}{order:03d}"
            number = body + id_check_char(body)
            if number not in self.issued:
                self.issued.add(number)
                return number
        raise ValueError(f"no free ID number for {birth}")
