"""guardrail: accountable image generation.

Screen prompts against YAML policies, check every output (safety classifier, similarity to
protected references), mark what is released (invisible watermark and signed C2PA manifest),
and verify any image later.

The public API is listed in ``__all__``; heavy modules (torch, diffusers, c2pa) load on first use.
"""

from __future__ import annotations

from guardrail._lazy import lazy_exports

__version__ = "0.1.0"

# name -> module that defines it; resolved lazily so `import guardrail` stays fast.
_LAZY: dict[str, str] = {
    "GuardrailError": "guardrail.errors",
    "PolicyError": "guardrail.errors",
    "PolicyCycleError": "guardrail.errors",
    "InputError": "guardrail.errors",
    "ImageInputError": "guardrail.errors",
    "BackendError": "guardrail.errors",
    "ModelLoadError": "guardrail.errors",
    "ProvenanceError": "guardrail.errors",
    "SigningIdentityError": "guardrail.errors",
    "StoreError": "guardrail.errors",
    "Policy": "guardrail.policy.schema",
    "PolicyRef": "guardrail.policy.schema",
    "load_policy": "guardrail.policy",
    "lint_policy": "guardrail.policy",
    "Screener": "guardrail.screening",
    "PromptDecision": "guardrail.screening",
    "ImageChecker": "guardrail.checks",
    "ImageVerdict": "guardrail.checks",
    "Marker": "guardrail.provenance",
    "MarkedImage": "guardrail.provenance",
    "verify_image": "guardrail.provenance",
    "ProvenanceReport": "guardrail.provenance",
    "load_pipeline": "guardrail.generation",
    "GuardedPipeline": "guardrail.pipeline",
    "GuardedResult": "guardrail.results",
    "ReleasedImage": "guardrail.results",
    "WithheldImage": "guardrail.results",
    "Attempt": "guardrail.results",
    "AuditLog": "guardrail.audit",
    "AuditStore": "guardrail.audit",
    "open_image": "guardrail.imageio",
}

__all__ = ["__version__", *_LAZY]

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
