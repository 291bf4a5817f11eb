"""Coping skills done step by step on the screen: the steps of each guided tool, read from data.

Each file in content/data/guided/ holds one tool's introduction, steps and closing words, written
for Stepwise. A step may ask for a few typed words (`prompt`: what the client types stays in the
page, never stored) or time a muscle group (`tense_seconds`, then `release_seconds`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .models import Tool

GUIDED_DIR = Path(__file__).resolve().parent / "data" / "guided"
GUIDED_TOOLS = frozenset({Tool.GROUNDING, Tool.TENSE_RELEASE, Tool.SELF_COMPASSION, Tool.OPPOSITE_ACTION})


@dataclass(frozen=True)
class GuidedStep:
    """One step of a guided skill."""

    number: int
    title: str
    text: str
    prompt: str = ""
    tense_seconds: int = 0
    release_seconds: int = 0


@dataclass(frozen=True)
class GuidedExercise:
    """A coping skill as steps to do one at a time."""

    tool: str
    intro: str
    steps: tuple[GuidedStep, ...]
    closing: str


@cache
def guided_exercise(tool: str) -> GuidedExercise | None:
    """Return the guided steps of a tool, or None when the tool is not done step by step."""
    if tool not in GUIDED_TOOLS:
        return None
    data = json.loads((GUIDED_DIR / f"{tool}.json").read_text(encoding="utf-8"))
    steps = tuple(GuidedStep(number=n, **step) for n, step in enumerate(data["steps"], start=1))
    return GuidedExercise(tool=tool, intro=data["intro"], steps=steps, closing=data["closing"])
