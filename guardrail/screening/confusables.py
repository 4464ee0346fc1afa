"""Look-alike characters and the letters they imitate.

Unicode NFKD already folds fullwidth forms, mathematical alphanumerics, circled and
superscript letters and most ligatures to ASCII. What it leaves alone is listed here: Cyrillic
and Greek letters that look Latin, small capitals, and a few Latin letters without a
decomposition. Upper- and lower-case forms are mapped separately because they imitate different
letters (Greek capital ``Η`` looks like ``H``, small ``η`` looks like ``n``).
"""

from __future__ import annotations

__all__ = ["CONFUSABLES", "LEET"]

_PAIRS = {
    # Cyrillic capitals
    "А": "a", "В": "b", "С": "c", "Е": "e", "Ё": "e", "Н": "h", "І": "i", "Ї": "i", "Ј": "j",
    "К": "k", "М": "m", "О": "o", "Р": "p", "Ѕ": "s", "Т": "t", "У": "y", "Х": "x", "Ү": "y",
    "Ԁ": "d", "Ԛ": "q", "Ԝ": "w", "Ӏ": "l", "Һ": "h", "З": "3", "Ь": "b",
    # Cyrillic small
    "а": "a", "в": "b", "с": "c", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "ѕ": "s", "т": "t", "у": "y", "х": "x",
    "ү": "y", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g", "п": "n", "г": "r", "ь": "b",
    "ѡ": "w", "ԍ": "g",
    # Greek capitals
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n",
    "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x", "Ϲ": "c",
    # Greek small
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "μ": "u", "ϲ": "c", "ϳ": "j", "ς": "c",
    "σ": "o",
    # small capitals and other Latin look-alikes
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i",
    "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s",
    "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z", "ı": "i", "ȷ": "j", "ɑ": "a",
    "ø": "o", "Ø": "o", "ð": "d", "Ð": "d", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ħ": "h",
    "ŧ": "t", "ƅ": "b", "ɩ": "i", "ɵ": "o", "ꞵ": "b",
}

# Regional-indicator symbols (flag letters) A..Z.
_PAIRS.update({chr(0x1F1E6 + i): chr(ord("a") + i) for i in range(26)})

CONFUSABLES: dict[str, str] = _PAIRS
"""Look-alike character -> the ASCII letter it imitates (applied before case folding)."""

LEET: dict[str, str] = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
"""Leetspeak digit or symbol -> letter; applied only inside tokens that also contain letters."""
