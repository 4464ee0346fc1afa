"""Prompt screening: normalise, match every rule at once, decide.

``Screener(policy).screen(prompt) -> PromptDecision``.
"""

from __future__ import annotations

from guardrail.screening.decision import PromptDecision, RuleMatch
from guardrail.screening.normalise import Normalised, normalise, normalise_term
from guardrail.screening.screener import Screener

__all__ = ["Normalised", "PromptDecision", "RuleMatch", "Screener", "normalise", "normalise_term"]
