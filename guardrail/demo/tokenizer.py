"""The demo model's tokenizer: one token per word of the scene grammar, built here (no download).

A ``PreTrainedTokenizerFast`` over a ``tokenizers`` word-level model: text is lower-cased, split
on whitespace and punctuation, and every word outside the grammar becomes ``[UNK]``. It is saved
with the pipeline (``save_pretrained``) like any transformers tokenizer.
"""

from __future__ import annotations

from typing import Any

from guardrail.demo.grammar import vocabulary

__all__ = ["PAD", "UNK", "build_tokenizer"]

PAD = "[PAD]"
UNK = "[UNK]"


def build_tokenizer(max_length: int = 16) -> Any:
    """A word-level ``PreTrainedTokenizerFast`` whose vocabulary is the grammar's words."""
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordLevel
    from transformers import PreTrainedTokenizerFast

    vocab = {PAD: 0, UNK: 1}
    for word in vocabulary():
        vocab[word] = len(vocab)
    core = Tokenizer(WordLevel(vocab=vocab, unk_token=UNK))
    core.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(
        tokenizer_object=core, pad_token=PAD, unk_token=UNK, model_max_length=max_length, padding_side="right"
    )
