"""The typed result of screening one prompt."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from guardrail.policy.schema import PolicyRef, PromptAction, Severity

__all__ = ["PromptDecision", "RuleMatch"]


class RuleMatch(BaseModel):
    """One hit of one rule: where it is in the original prompt and what it matched."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule_id: str = Field(description="Id of the rule that matched.")
    category: str = Field(description="The rule's category.")
    severity: Severity = Field(description="The rule's severity.")
    action: PromptAction = Field(description="The rule's action.")
    kind: str = Field(
        description=(
            "What matched: 'term', 'fuzzy' (a misspelling of a term), 'pattern', 'all_of' (one term, or a person's "
            "name, of a co-occurrence group) or 'could-not-check' (a prompt classifier could not run: the prompt is "
            "blocked)."
        )
    )
    span: tuple[int, int] = Field(description="Start and end offsets (end exclusive) in the ORIGINAL prompt.")
    text: str = Field(description="The original prompt text at 'span'.")
    normalised: str = Field(description="The normalised form that matched (the term or pattern hit).")


class PromptDecision(BaseModel):
    """What screening decided for one prompt, with every match and the policy in force."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    action: PromptAction = Field(
        description="The strongest action of all matches (block > rewrite > flag > allow); allow when nothing matched."
    )
    matches: list[RuleMatch] = Field(
        default_factory=list, description="Every match that counted (exceptions already removed), in prompt order."
    )
    prompt: str = Field(description="The prompt as given.")
    normalised_prompt: str = Field(description="The normalised text that rules were matched against.")
    effective_prompt: str = Field(
        description="The prompt to generate with: rewritten when rewrite rules matched, otherwise the original."
    )
    negative_prompt: str = Field(
        "", description="Negative-prompt text added by the matching rules (comma separated, may be empty)."
    )
    rewritten: bool = Field(False, description="True when 'effective_prompt' differs from 'prompt'.")
    reasons: list[str] = Field(
        default_factory=list, description="One line per matching rule: id, action and what matched."
    )
    policy: PolicyRef = Field(description="Name, version and hash of the policy in force.")

    @property
    def allowed(self) -> bool:
        """True unless the prompt is blocked."""
        return self.action != PromptAction.BLOCK

    @property
    def rule_ids(self) -> list[str]:
        """Ids of the matching rules, each once, in match order."""
        return list(dict.fromkeys(m.rule_id for m in self.matches))
