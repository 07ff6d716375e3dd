"""Session clocks: the real one, and a fake that tests and scripted sessions advance by hand."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod


class Clock(ABC):
    @abstractmethod
    def now(self) -> float:
        """Seconds on this clock (monotonic)."""

    def advance(self, seconds: float) -> None:  # noqa: B027 (optional hook, not abstract)
        """Let time pass: a no-op for the real clock, which passes by itself."""
        return None


class RealClock(Clock):
    def now(self) -> float:
        return time.monotonic()


class FakeClock(Clock):
    def __init__(self, start: float = 0.0) -> None:
        self._t = start

    def now(self) -> float:
        return self._t

    def advance(self, seconds: float) -> None:
        self._t += max(0.0, seconds)
