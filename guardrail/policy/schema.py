"""The policy schema: what a YAML rule set may say, field by field.

Sections:
- ``prompt``: rules that screen the prompt (owned by ``guardrail.screening``);
- ``checks``: image classifiers and similarity to protected references (``guardrail.checks``,
  ``guardrail.similarity``);
- ``provenance``: watermark backend and signing identity (``guardrail.provenance``);
- ``generation``: retries and the negative prompt (``guardrail.pipeline``);
- ``audit``: what the audit log keeps (``guardrail.audit``).

Backends are named by string and carry their own ``options`` mapping; each backend validates its
options with its own pydantic model when the policy is linted or used, so this schema never needs
to know every backend.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr

from guardrail.outcomes import ImageAction, PromptAction  # defined with the rest of the vocabulary

__all__ = [
    "AllOfGroup",
    "AuditSection",
    "CategoryRule",
    "ChecksSection",
    "ClassifierConfig",
    "GenerationSection",
    "ImageAction",
    "Policy",
    "PolicyRef",
    "PromptAction",
    "PromptCategoryRule",
    "PromptClassifierConfig",
    "PromptRule",
    "PromptSection",
    "RepresentationAttribute",
    "RepresentationSection",
    "RewriteContext",
    "ProvenanceSection",
    "Severity",
    "SignerConfig",
    "SimilaritySection",
    "WatermarkConfig",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Severity(str, Enum):  # noqa: UP042 -- str() must print the value, not 'Severity.X' (StrEnum changes __str__/format)
    """How serious a rule's category is; carried into decisions and the audit log."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class AllOfGroup(_Strict):
    """One group of a co-occurrence rule: the group is present when any of its terms is.

    In YAML a group is either a plain list of terms (``[child, kid]``) or a mapping that can
    also read terms from files (``{terms: [kid], terms_files: [terms/minors.txt]}``). The
    loader inlines the files, so a loaded policy only has ``terms``.
    """

    terms: list[str] = Field(
        default_factory=list, description="Words and phrases of the group, matched like a rule's terms."
    )
    terms_files: list[str] = Field(
        default_factory=list,
        description="Files of terms (one per line, '#' comments), paths relative to the policy file.",
    )
    person_name: bool = Field(
        False,
        description=(
            "The group is also present where the prompt names a person: a known first name followed by a surname "
            "(guardrail.screening.names)."
        ),
    )


def _group_from_list(value: Any) -> Any:
    """Accept a plain list of terms as an :class:`AllOfGroup`."""
    return {"terms": value} if isinstance(value, list) else value


class RewriteContext(_Strict):
    """A phrasing around a rewrite rule's match that is replaced together with it.

    ``{before: [in the style of, by], replacement: "in {replacement}"}`` turns "a castle by Greg
    Rutkowski" into "a castle in a fantasy digital painting style" instead of "a castle by a
    fantasy digital painting style".
    """

    before: list[str] = Field(
        default_factory=list,
        description=(
            "Phrases that may stand right before the match (normalised like terms; the longest that fits is used)."
        ),
    )
    after: list[str] = Field(
        default_factory=list,
        description="Phrases that may stand right after the match (e.g. 'style', 's style' for \"X's style\").",
    )
    replacement: str = Field(
        description="Replaces the phrase(s) and the match together; '{replacement}' stands for the rule's replacement."
    )


class PromptRule(_Strict):
    """One prompt-screening rule."""

    id: str = Field(description="Unique id, e.g. 'sexual.explicit'. Used in decisions, tests and overrides.")
    description: str = Field("", description="What the rule is for, in a sentence.")
    category: str = Field(description="Policy category, e.g. 'sexual', 'minors', 'violence', 'artist'.")
    severity: Severity = Field(Severity.MEDIUM, description="How serious a match is.")
    action: PromptAction = Field(description="block, flag, rewrite or allow.")
    terms: list[str] = Field(
        default_factory=list, description="Words and phrases matched on whole words after normalisation."
    )
    terms_files: list[str] = Field(
        default_factory=list,
        description="Files of terms (one per line, '#' comments), paths relative to the policy file.",
    )
    patterns: list[str] = Field(
        default_factory=list,
        description="Regular expressions (RE2 syntax, linear time) matched on the normalised prompt.",
    )
    all_of: list[Annotated[AllOfGroup, BeforeValidator(_group_from_list)]] = Field(
        default_factory=list,
        description=(
            "Co-occurrence: the rule also matches when every group has at least one of its terms in the prompt. Each "
            "group is a list of terms ([[child, kid], [nude, naked]]) or a mapping {terms: [...], terms_files: "
            "[...]}. Independent of 'terms' and 'patterns', which match on their own."
        ),
    )
    exceptions: list[str] = Field(
        default_factory=list,
        description="Benign phrases; a match inside one of them does not count (e.g. 'breast cancer').",
    )
    fuzzy: bool = Field(
        False,
        description=(
            "Also match misspellings: a prompt word that is not a common word in any of the six dictionary languages "
            "and is one edit (insertion, deletion, substitution or swap of neighbours, same first letter) from a "
            "one-word term of 5+ letters."
        ),
    )
    window: int | None = Field(
        None,
        ge=1,
        description=(
            "For 'all_of': the groups must occur within this many words of each other (None: anywhere in the prompt)."
        ),
    )
    replacement: str | None = Field(None, description="For 'rewrite': the text that replaces each match.")
    contexts: list[RewriteContext] = Field(
        default_factory=list,
        description=(
            "For 'rewrite': phrasings around a match replaced together with it, tried in order (first that fits "
            "wins); a match with no fitting context gets 'replacement'."
        ),
    )
    negative_prompt: str | None = Field(None, description="Text added to the negative prompt when this rule matches.")
    final: bool = Field(False, description="A policy that extends this one may not weaken or remove this rule.")


class PromptCategoryRule(_Strict):
    """Threshold and action for one category of a prompt classifier."""

    threshold: float = Field(ge=0.0, le=1.0, description="Score at or above which the action applies.")
    action: PromptAction = Field(
        PromptAction.BLOCK, description="block or flag (a model never rewrites and never allows what a rule blocked)."
    )
    severity: Severity = Field(Severity.HIGH, description="Severity carried into the decision.")


# How long a check worker may take to load a classifier's model (its first use in that worker, or
# ImageChecker.load()). Kept at 600 s: on the loaded 2-core CI machine a worker importing torch and
# transformers for the tiny sd-safety-checker took minutes, so a smaller default is not safe there;
# a policy lowers it per classifier (docs/checks.md).
DEFAULT_LOAD_TIMEOUT_S = 600.0


def _load_timeout_field() -> Any:
    return Field(
        DEFAULT_LOAD_TIMEOUT_S,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        description=(
            "Longest loading the model may take in a check worker, in seconds (finite, at most 3600): each worker "
            "loads it on first use. Past it the worker is killed and the check is 'could not check' (the image is "
            "withheld, the prompt blocked); raise it for a large model on a slow disk."
        ),
    )


class PromptClassifierConfig(_Strict):
    """A model that scores prompts after the rules (guardrail.screening.classifiers)."""

    backend: str = Field(
        description="Registered prompt-classifier backend: 'hf-text-classifier', 'openai-moderation', or a plugin's."
    )
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="Backend options (model path, endpoint URL, label mapping), validated by the backend.",
    )
    categories: dict[str, PromptCategoryRule] = Field(min_length=1, description="Per-category threshold and action.")
    timeout_s: float = Field(
        5.0,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        description=(
            "Longest one classification may take, in seconds (finite, at most 3600); past it (or on any error) the "
            "prompt is blocked as 'could not check'."
        ),
    )
    load_timeout_s: float = _load_timeout_field()


class PromptSection(_Strict):
    """Prompt screening settings and rules."""

    max_length: int = Field(
        2000, gt=0, description="Longest prompt accepted, in characters; longer prompts are an input error."
    )
    exceptions: list[str] = Field(
        default_factory=list,
        description=(
            "Benign phrases that cancel a match of any non-final rule inside them (e.g. 'nude lipstick'); 'final' "
            "rules only honour their own exceptions and 'benign'."
        ),
    )
    benign: list[str] = Field(
        default_factory=list,
        description=(
            "Benign phrases that cancel a match of EVERY rule inside them, final rules included ('naked eye', 'Gore "
            "Vidal', 'Judith Beheading Holofernes'). A policy that extends another may add phrases, but none that "
            "contains a term of an inherited final rule."
        ),
    )
    disable: list[str] = Field(
        default_factory=list,
        description="Ids of rules inherited through 'extends' to drop; a 'final' rule cannot be dropped.",
    )
    rules: list[PromptRule] = Field(
        default_factory=list,
        description="The rules, in order. A rule whose id exists in the parent policy replaces it.",
    )
    classifiers: list[PromptClassifierConfig] = Field(
        default_factory=list,
        description=(
            "Optional models run after the rules on prompts the rules did not block; they can block or flag, never "
            "unblock. A child policy's list replaces the parent's."
        ),
    )


class CategoryRule(_Strict):
    """Threshold and action for one category of an image classifier."""

    threshold: float = Field(ge=0.0, le=1.0, description="Score at or above which the action applies.")
    action: ImageAction = Field(ImageAction.BLOCK, description="block, flag, blur or allow.")


class ClassifierConfig(_Strict):
    """One image-safety classifier and how its categories are judged."""

    backend: str = Field(
        description="Registered backend name: 'nudenet', 'sd-safety-checker', 'hf-image-classifier', or a plugin's."
    )
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="Backend options (e.g. 'model' path or hub id, label mapping), validated by the backend.",
    )
    categories: dict[str, CategoryRule] = Field(default_factory=dict, description="Per-category threshold and action.")
    timeout_s: float = Field(
        60.0,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        description=(
            "Longest a single check may take, in seconds (finite, at most 3600); past it the image is withheld."
        ),
    )
    load_timeout_s: float = _load_timeout_field()


class SimilaritySection(_Strict):
    """Similarity of outputs to registered references of protected artists."""

    enabled: bool = Field(True, description="Run the similarity check.")
    threshold: int = Field(
        8,
        ge=0,
        description=(
            "Global match threshold (fingerprint distance in bits of the 64-bit dct64 code, lower is closer). 8 is "
            "tuned by benchmarks/similarity_bench.py: near-copies <= 8, unrelated images >= 10."
        ),
    )
    artists: dict[str, int] = Field(
        default_factory=dict, description="Per-artist thresholds overriding the global one."
    )
    action: ImageAction = Field(ImageAction.BLOCK, description="What a match does.")
    top_k: int = Field(3, ge=1, le=100, description="How many nearest references a verdict names.")
    verify_threshold: int = Field(
        66,
        ge=0,
        le=256,
        description="Second check of every candidate the 64-bit index finds: distance in bits between the 256-bit "
        "dct256 verification codes (closest pair of query and stored variants) must be <= this; 256 turns "
        "verification off. 66 is chosen by benchmarks/similarity_bench.py: near-copies (crops up to 10%) measured "
        "<= 62; unrelated images within 8 bits of a reference's 64-bit code measured >= 70.",
    )


class ChecksSection(_Strict):
    """Which checks run on every output image."""

    classifiers: list[ClassifierConfig] = Field(
        default_factory=list, description="Image classifiers; all run, the strongest action wins."
    )
    similarity: SimilaritySection = Field(
        default_factory=SimilaritySection, description="Similarity to protected references."
    )


class WatermarkConfig(_Strict):
    """The invisible watermark written into every released image."""

    backend: str = Field(
        "latticeSync2",
        description=(
            "Registered watermark backend: 'latticeSync2' (default: luma, resolution-independent, whitened read; "
            "kept downscales, flips, grayscale, JPEG q30, most small rotations and crops), 'latticeSync' (the "
            "default of issue 9's first rounds: same grid, plain read), 'dwtDctSvdPlus' (the default until issue 9: "
            "JPEG q50, brightness/contrast), 'dwtDctSvd', 'rivaGan', or a plugin's."
        ),
    )
    options: dict[str, Any] = Field(default_factory=dict, description="Backend options, validated by the backend.")


class SignerConfig(_Strict):
    """Who signs the C2PA manifest."""

    cert: str | None = Field(
        None,
        description="PEM certificate chain (end-entity first). Default: the local identity from 'guardrail keys init'.",
    )
    key: str | None = Field(None, description="PEM private key matching 'cert'.")
    thumbnail: bool = Field(
        False, description="Embed a thumbnail in the manifest (adds ~130 KB and ~50 ms per 512x512 image)."
    )


class ProvenanceSection(_Strict):
    """How released images are marked."""

    watermark: WatermarkConfig = Field(default_factory=WatermarkConfig, description="Invisible watermark.")
    signer: SignerConfig = Field(default_factory=SignerConfig, description="C2PA signing identity.")
    trust: list[str] = Field(
        default_factory=list,
        description="Trust anchors for verify: PEM bundles or folders of them (relative to the policy file), e.g. the "
        "official C2PA trust list saved as a PEM bundle. Added to --trust and GUARDRAIL_TRUST.",
    )


class GenerationSection(_Strict):
    """Generation settings the pipeline takes from the policy."""

    max_attempts: int = Field(
        3, ge=1, le=20, description="Attempts per image when outputs are withheld (first try included)."
    )
    negative_prompt: str = Field(
        "", description="Negative prompt added to every retry (and to every generation when 'always_negative' is true)."
    )
    always_negative: bool = Field(False, description="Use the negative prompt on the first attempt too.")


class AuditSection(_Strict):
    """What the audit log records."""

    prompt: Literal["full", "hash"] = Field(
        "full",
        description=(
            "'full' stores the prompt text; 'hash' stores only its HMAC-SHA256 under the install's audit key (and "
            "digests the negative prompt too)."
        ),
    )


class RepresentationAttribute(_Strict):
    """One attribute varied across the images of a request."""

    name: str = Field(description="Attribute name recorded with each image, e.g. 'age'.")
    values: list[str] = Field(
        min_length=2,
        description=(
            "Phrases rotated through the images of a request, e.g. ['a young', 'a middle-aged', 'an elderly'] or "
            "['East Asian', 'Black', 'white']."
        ),
    )
    stated: list[str] = Field(
        default_factory=list,
        description=(
            "Words that mean the prompt already states this attribute ('old', 'teenage'); the values count too. A "
            "prompt that states it is left alone for this attribute."
        ),
    )


class RepresentationSection(_Strict):
    """Opt-in: vary unstated attributes of people across the images of one request."""

    enabled: bool = Field(False, description="Vary attributes (off by default).")
    people: list[str] = Field(
        default_factory=list,
        description=(
            "Words that mark a prompt as depicting people ('person', 'woman', 'doctor'); prompts without one are "
            "left alone."
        ),
    )
    attributes: list[RepresentationAttribute] = Field(
        default_factory=list, description="The attributes to vary, each with its values."
    )
    template: str = Field(
        "{prompt}, {values}",
        description=(
            "How the chosen values join the prompt: '{prompt}' is the prompt, '{values}' the values joined with ', '."
        ),
    )


class PolicyRef(_Strict):
    """Which exact rules were in force: travels with every decision, verdict and audit record."""

    name: str = Field(description="Policy name.")
    version: str = Field(description="Policy version.")
    hash: str = Field(description="SHA-256 (hex) of the policy's canonical content with 'extends' resolved.")


class Policy(_Strict):
    """A resolved policy: a rule set with ``extends`` already applied.

    The loader (``guardrail.policy.load_policy``) sets the hash and the source path; ``ref``
    gives the name, version and hash that travel with every result.
    """

    name: str = Field(description="Policy name.")
    version: str = Field("1", description="Policy version (free text).")
    description: str = Field("", description="What the policy is for.")
    extends: str | None = Field(
        None, description="Path (relative to this file) or 'builtin:NAME' of the parent policy."
    )
    prompt: PromptSection = Field(default_factory=PromptSection, description="Prompt screening.")
    checks: ChecksSection = Field(default_factory=ChecksSection, description="Output image checks.")
    provenance: ProvenanceSection = Field(default_factory=ProvenanceSection, description="Watermark and signing.")
    generation: GenerationSection = Field(default_factory=GenerationSection, description="Retries and negative prompt.")
    audit: AuditSection = Field(default_factory=AuditSection, description="Audit log settings.")
    representation: RepresentationSection = Field(
        default_factory=RepresentationSection,
        description="Opt-in variation of unstated attributes of people across a request's images.",
    )

    _hash: str = PrivateAttr(default="")
    _source: str | None = PrivateAttr(default=None)

    @property
    def hash(self) -> str:
        """SHA-256 of the canonical resolved content (``guardrail.policy.hashing.policy_hash``).

        The loader sets it; a policy built in code computes it on first use.
        """
        if not self._hash:
            from guardrail.policy.hashing import policy_hash

            self._hash = policy_hash(self)
        return self._hash

    @property
    def source(self) -> str | None:
        """The file the policy was loaded from, if any."""
        return self._source

    @property
    def ref(self) -> PolicyRef:
        """Name, version and hash of this policy."""
        return PolicyRef(name=self.name, version=self.version, hash=self.hash)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Policy:
        """A copy; with ``update`` the content changes, so its hash is computed afresh."""
        copy = super().model_copy(update=update, deep=deep)
        if update:
            copy._hash = ""
        return copy
