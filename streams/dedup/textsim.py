"""Offline text similarity of articles: a sparse term vector and a MinHash signature.

Both are computed once per article in the enrich stage (:func:`sketch`, stored in the enriched
record as ``terms`` and ``minhash``) and compared in the resolve stage, so resolve never needs the
body:

- ``terms``: the article's :data:`MAX_TERMS` heaviest content words, weight ``1 + log(tf)``
  (capitalised words, mostly names, count :data:`NAME_BOOST` times) times the word's
  :func:`information` (how rare it is in English), L2-normalised. :func:`cosine` compares two of
  them; it is one of the signals of incident resolution. Rarity is what tells two reports of one
  incident from two of the same kind: "Bastrop" and "Arbors" say more than "police" and "shot".
- ``minhash``: a :data:`NUM_PERM`-permutation MinHash (``datasketch``) of the word
  :data:`SHINGLE`-grams of the story (boilerplate excluded). Its :data:`BANDS` LSH bands index
  the article in Redis; :func:`jaccard` estimates the Jaccard similarity of two signatures. A
  republished copy (new headline, trimmed or reordered paragraphs, boilerplate added) keeps most
  of its shingles, so its estimate stays above :data:`NEAR_DUP_JACCARD`, while two outlets'
  own reports of the same event share few 4-word sequences.

>>> a = sketch("Two men were shot on Main Street in Dayton on Friday night, police said. " * 3)
>>> round(cosine(a["terms"], a["terms"]), 3), jaccard(a["minhash"], a["minhash"])
(1.0, 1.0)
"""
from __future__ import annotations

import functools
import hashlib
import math
import re
import struct
from collections import Counter
from typing import Any

NUM_PERM = 64
BANDS = 16  # 16 bands x 4 rows: pairs at Jaccard 0.6 share a band with probability ~0.88
ROWS = NUM_PERM // BANDS
SHINGLE = 4
SEED = 7
MAX_TERMS = 48
NAME_BOOST = 2.0
NEAR_DUP_JACCARD = 0.5

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"said", "says", "told", "according", "also", "would", "could"}


_STOP = _stop_words()


#: wordfreq's ``zipf`` is log10 of a word's frequency per billion words, ``log10(p) + 9``; so
#: ``ZIPF_SCALE - zipf`` is -log10 of the word's probability, what an IDF measures.
ZIPF_SCALE = 9.0
#: A word is never weighed less than a plain count (the commonest English words near zipf 8).
MIN_INFORMATION = 1.0


@functools.lru_cache(maxsize=100_000)  # a long stream meets new names for ever: bounded
def information(word: str) -> float:
    """How much a (lower-case) word says: -log10 of its frequency in English, from the word
    frequency tables wordfreq ships (no download). A word it does not know (a surname, a small
    town) is as rare as a word gets.

    >>> information("police") < information("shooting") < information("bastrop")
    True
    """
    from wordfreq import zipf_frequency

    return max(MIN_INFORMATION, ZIPF_SCALE - zipf_frequency(word, "en"))


def term_vector(text: str) -> dict[str, float]:
    """The L2-normalised weights of the :data:`MAX_TERMS` heaviest content words of ``text``:
    ``(1 + log(count)) * information(word)`` (an IDF whose document frequencies are those of
    English at large, so no corpus of our own is needed and every worker agrees)."""
    counts: Counter = Counter()
    for m in _WORD.finditer(text):
        w = m.group()
        low = w.lower()
        if len(low) < 3 or low in _STOP:
            continue
        counts[low] += NAME_BOOST if w[0].isupper() else 1.0
    heavy = {w: (1.0 + math.log(c)) * information(w) for w, c in counts.items()}
    weights = dict(sorted(heavy.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS])
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: round(v / norm, 4) for w, v in weights.items()}


def cosine(a: dict[str, float] | None, b: dict[str, float] | None) -> float:
    """Cosine similarity of two :func:`term_vector` outputs (0 when either is missing)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    total = 0.0  # a plain loop over the shorter vector: the hottest line of resolution
    for w, v in a.items():
        if w in b:
            total += v * b[w]
    return total


def _shingles(text: str) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


@functools.lru_cache(maxsize=None)
def _empty_minhash():
    """A MinHash with no shingles: :func:`minhash` copies it, sharing its permutations, which
    datasketch would otherwise draw again from the seed for every article (a quarter of the
    signature's cost)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED)


def minhash(text: str) -> list[int]:
    """MinHash signature (``NUM_PERM`` ints) of the word shingles of ``text``."""
    m = _empty_minhash().copy()
    shingles = _shingles(text)
    if shingles:
        m.update_batch(list(shingles))
    return [int(v) for v in m.hashvalues]


def jaccard(a: list[int] | None, b: list[int] | None) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal slots)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / len(a)


#: Bits of each signature slot kept in storage (:func:`packed`): two different slot values look
#: equal with probability 2^-16, so a stored signature estimates the same Jaccard similarity as
#: the full one (64 slots: one false slot match in ~1,000 comparisons) at half the bytes.
SLOT_BITS = 16


def packed(signature: list[int]) -> bytes:
    """The signature as stored in Redis: the low :data:`SLOT_BITS` of each slot, little-endian.

    Two packed signatures are compared slot by slot (``resolver`` does it inside Redis).

    >>> len(packed(list(range(NUM_PERM)))), packed([1, 65537])
    (128, b'\\x01\\x00\\x01\\x00')
    """
    return struct.pack(f"<{len(signature)}H", *(v & 0xFFFF for v in signature))


def bands(signature: list[int]) -> list[str]:
    """LSH band keys ``"{band}:{hash}"`` of a signature: equal keys make near-duplicate candidates."""
    out = []
    for b in range(BANDS):
        rows = ",".join(str(v) for v in signature[b * ROWS:(b + 1) * ROWS])
        out.append(f"{b}:{hashlib.blake2b(rows.encode(), digest_size=8).hexdigest()}")
    return out


def sketch(text: str) -> dict[str, Any]:
    """``{"terms": ..., "minhash": ...}`` of one article's story text."""
    return {"terms": term_vector(text), "minhash": minhash(text)}
