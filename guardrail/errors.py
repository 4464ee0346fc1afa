"""The exceptions guardrail raises.

Every error says where (file:line:col, argument or key path), what is wrong and how to fix it.
Foreign errors are wrapped with ``raise ... from err`` so the cause stays visible.

    GuardrailError
    ├── PolicyError              a policy file cannot be read, parsed or validated
    │   └── PolicyCycleError     ``extends`` loops back on itself
    ├── InputError               bad user input: empty prompt, bad argument, unreadable file
    │   └── ImageInputError      not an image, truncated, too large, unsupported format, too small
    ├── BackendError             a backend is unknown, failed to load or failed while running
    │   └── ModelLoadError       a model could not be loaded from a hub id or a local path
    ├── ProvenanceError          watermarking, signing or reading a manifest failed
    │   └── SigningIdentityError signing identity missing, expired or not matching its key
    ├── StoreError               a store (manifests, references, audit, API keys; SQLite or PostgreSQL) failed
    └── UnsafePermissionsError   the home, keys folder or a private key is open to other users

SigningIdentityError, StoreError and UnsafePermissionsError are configuration faults
(``CONFIG_FAULTS``): the machine, not the image, is at fault, so they end the request as an error
(CLI exit 2) instead of withholding one image as if its content had been judged.
"""

from __future__ import annotations

__all__ = [
    "CONFIG_FAULTS",
    "BackendError",
    "GuardrailError",
    "ImageInputError",
    "InputError",
    "ModelLoadError",
    "PolicyCycleError",
    "PolicyError",
    "ProvenanceError",
    "SigningIdentityError",
    "StoreError",
    "UnsafePermissionsError",
]


class GuardrailError(Exception):
    """Root of every error guardrail raises on purpose.

    ``where`` names the place (a ``file:line:col``, an argument or a key path), ``fix`` tells the
    user what to do. ``str(err)`` joins them as ``where: message (fix: ...)``.
    """

    def __init__(self, message: str, *, where: str | None = None, fix: str | None = None) -> None:
        self.message = message
        self.where = where
        self.fix = fix
        super().__init__(self._render())

    def _render(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.fix:
            text += f" (fix: {self.fix})"
        return text


class PolicyError(GuardrailError):
    """A policy file cannot be read, parsed or validated."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        col: int | None = None,
        key_path: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.col = col
        self.key_path = key_path
        where = None
        if file is not None:
            where = file
            if line is not None:
                where += f":{line}"
                if col is not None:
                    where += f":{col}"
        if key_path:
            message = f"{key_path}: {message}"
        super().__init__(message, where=where, fix=fix)


class PolicyCycleError(PolicyError):
    """A policy ``extends`` chain loops back on itself."""


class InputError(GuardrailError):
    """Bad user input: empty prompt, bad argument value, unreadable file."""


class ImageInputError(InputError):
    """An image cannot be used: not an image, truncated, too large, unsupported, too small."""


class BackendError(GuardrailError):
    """A backend is unknown, failed to load, or failed while running."""


class ModelLoadError(BackendError):
    """A model could not be loaded from a hub id or a local path."""


class ProvenanceError(GuardrailError):
    """Watermarking, signing or reading a manifest failed."""


class SigningIdentityError(ProvenanceError):
    """The signing identity is missing, expired, or its certificate does not match its key."""


class StoreError(GuardrailError):
    """A store (manifests, references, audit log) could not be opened, read or written."""


class UnsafePermissionsError(GuardrailError):
    """GUARDRAIL_HOME, its keys folder or a private key is writable (a key: readable) by other users, or not ours."""


CONFIG_FAULTS: tuple[type[GuardrailError], ...] = (SigningIdentityError, StoreError, UnsafePermissionsError)
"""Errors that mean the set-up is broken (a store, the signing identity, an unsafe home): raised, never withheld."""
