"""What goes into a batch worker and what comes back, one image at a time."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["BatchItem", "ItemResult"]


class BatchItem(BaseModel):
    """One input of a batch: the name the user gave and the file it resolved to."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The input as listed (file path, or the folder or glob that matched nothing).")
    path: str | None = Field(description="The image file to read; None when the input matched no file.")


class ItemResult(BaseModel):
    """The outcome of one image: the command's JSON row and the word that sums it up."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The input's name (BatchItem.name).")
    outcome: str = Field(
        description="The verdict (verify), action (check) or released/withheld (mark); 'error' when the input failed."
    )
    ok: bool = Field(description="True when this image counts as success for the command's exit code.")
    row: dict[str, Any] = Field(description="The command's JSON object for this image, as the local engine prints it.")
    fatal: str | None = Field(
        None,
        description=(
            "A configuration fault (StoreError, ...) that stops the whole batch, as 'ErrorClass\\nmessage': how a "
            "Ray worker hands it to the driver, which raises it."
        ),
    )
