"""Claims extraction: who said what, found in the dependency parse of one article.

A claim is an attribution: a *speaker* (source), a *cue* (the reporting verb, or "according
to") and the *content* attributed (a quotation or reported speech). The conventions follow the
PolNeAR corpus (Newell et al., LREC 2018) so the output can be scored against it:

- the cue is the reporting verb with its auxiliaries ("has said", "did not say");
- the speaker is the subject phrase with its title ("State Department deputy spokesman Robert
  Palladino"), without relative clauses; a relative pronoun ("who said ...") is kept as is;
- the content of reported speech includes its complementiser ("that the rape took place");
  a quotation is the quoted text, and a quotation split around its cue ("A," he said, "B.")
  runs from the first part to the last.

Everything here is a pure function of a spaCy ``Doc`` (see :func:`streams.nlp.pipeline.load_nlp`)
and returns plain dicts whose offsets index ``doc.text``::

    >>> from streams.nlp.pipeline import load_nlp
    >>> doc = load_nlp()("Officials said the road was closed.")
    >>> [(c["speaker"]["text"], c["cue"]["text"], c["content"]["text"]) for c in extract_claims(doc)]
    [('Officials', 'said', 'the road was closed')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# ----------------------------------------------------------------------------- lexicon
#: Verbs that report speech whatever their complement: a subject and a quotation or a clause is
#: enough.
SPEECH_VERBS = frozenset("""
    say tell add state announce claim insist argue confirm allege report explain note write tweet
    declare maintain contend warn predict deny admit acknowledge suggest reply respond continue
    recall conclude observe remark comment assert stress emphasize emphasise caution concede
    reiterate complain testify disclose reveal indicate agree joke quip boast muse post
    estimate promise vow pledge mention ask wonder question
""".split())

#: Verbs that are cues only before or after a quotation: '"...," he continued.'
QUOTE_ONLY_VERBS = frozenset("continue go begin start shout yell scream".split())

#: Verbs of thought and judgement, or that take an object as their content ("accused X of Y",
#: "called X a liar"); they count as cues only with a content clause, object or quotation.
OTHER_VERBS = frozenset("""
    accuse blame urge call reject refute describe believe think hope fear expect feel know
    criticize criticise praise dismiss slam blast condemn threaten demand propose
    recommend charge insinuate mock deride label brand characterize characterise hint
    show find endorse support back oppose defend cite want seek plan refuse decline offer
    express view see consider doubt worry accept question acknowledge concede seem appear
    refer talk speak discuss denounce identify learn assure prefer point push advocate campaign
""".split())

CUE_LEMMAS = SPEECH_VERBS | OTHER_VERBS | QUOTE_ONLY_VERBS

#: Phrasal cues: (verb lemma, particle).
PHRASAL_CUES = frozenset({("point", "out"), ("lash", "out"), ("speak", "out")})

#: Prepositions that join their verb in the cue when their object is the content.
CUE_PREPS = frozenset({"for", "to", "about", "on", "against", "at"})

#: Dependents of a cue verb that hold the attributed content, in order of preference.
CLAUSE_DEPS = ("ccomp", "xcomp")
OBJECT_DEPS = ("dobj", "oprd", "attr")
#: Prepositions that carry the rest of an object content: "accused X of Y", "described X as Y".
OBJECT_PREPS = frozenset({"of", "for", "as", "on"})
#: Clauses cut from a speaker phrase when they hold a claim of their own:
#: "The rebels, who denied ..., accused" -> "The rebels".
SPEAKER_CUT_DEPS = frozenset({"relcl", "acl", "advcl"})
SUBJECT_DEPS = ("nsubj", "csubj")
#: Dependents whose subject a verb inherits ("he said and added", "..., saying that ...").
INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl"})

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})

#: Quote marks: openers, closers and symmetric marks (their role alternates).
OPEN_QUOTES, CLOSE_QUOTES, SYMMETRIC_QUOTES = ("“", "``"), ("”",), ('"', "''")
_QUOTE_MARK = re.compile(r"``|''|[“”\"]")
_PARAGRAPH = re.compile(r"[^\n]+")
#: What may stand between a cue clause and the quotation after it: "said: “...", "said, “...".
_LEAD_IN = re.compile(r"\s*[,:—–-]?\s*$")
#: What may separate a quotation from the next one in the same paragraph.
_QUOTE_GAP = re.compile(r"^[.,]?[ \t]*$")
#: What may follow a quotation that ends a sentence.
_SENTENCE_TAIL = re.compile(r"^[\s.,;!?)\]]*$")


@dataclass(frozen=True)
class Quote:
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int


# ----------------------------------------------------------------------------- public API
def extract_claims(doc, content_end: int | None = None) -> list[dict]:
    """Return the claims of ``doc`` in text order (see the module docstring for the shape).

    Only sentences starting before ``content_end`` (``None``: the whole text) are read; the rest
    is publisher boilerplate. Claims nested in the content of another claim are left out, as in
    PolNeAR where each word belongs to one attribution at most.
    """
    text = doc.text
    limit = len(text) if content_end is None else content_end
    quotes = find_quotes(text)
    claims = []
    for sent in doc.sents:
        if sent.start_char >= limit:
            break
        for tok in sent:
            if _inside_quote(tok.idx, quotes):
                continue
            claim = None
            if is_cue_verb(tok):
                claim = _verb_claim(tok, quotes, text)
            elif _is_according(tok):
                claim = _according_claim(tok, text)
            if claim:
                claims.append(claim)
    claims.sort(key=lambda c: c["cue"]["start"])
    claims = _drop_nested(claims)
    resolve_pronouns(claims, doc)
    return claims


# ----------------------------------------------------------------------------- quotations
def find_quotes(text: str) -> list[Quote]:
    """Quotations in ``text``, in order. A quotation left open at the end of a paragraph closes
    there (the convention for quotes running over several paragraphs)."""
    quotes = []
    for para in _PARAGRAPH.finditer(text):
        opened = None
        for m in _QUOTE_MARK.finditer(para.group()):
            mark, pos = m.group(), para.start() + m.start()
            if mark in OPEN_QUOTES or (mark in SYMMETRIC_QUOTES and opened is None):
                if opened is None or mark in SYMMETRIC_QUOTES:
                    opened = (pos, pos + len(mark))
                elif mark in OPEN_QUOTES:
                    opened = (pos, pos + len(mark))  # unbalanced: restart at the new opener
            elif opened is not None:
                quotes.append(Quote(opened[0], pos + len(mark), opened[1], pos))
                opened = None
        if opened is not None and para.end() > opened[1]:
            quotes.append(Quote(opened[0], para.end(), opened[1], para.end()))
    return [q for q in quotes if text[q.inner_start:q.inner_end].strip()]


def _inside_quote(pos: int, quotes: list[Quote]) -> bool:
    return any(q.inner_start <= pos < q.inner_end for q in quotes)


# ----------------------------------------------------------------------------- cues
def is_cue_verb(tok) -> bool:
    """A verb whose lemma is in the cue lexicon (or a phrasal cue such as "point out")."""
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
        return False
    lemma = tok.lemma_.lower()
    if lemma in CUE_LEMMAS:
        return True
    return any((lemma, c.lower_) in PHRASAL_CUES for c in tok.children if c.dep_ == "prt")


def _is_according(tok) -> bool:
    return tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)


def cue_span(verb) -> tuple[int, int]:
    """Token range [i, j) of the cue: the verb with its auxiliaries, negation and particles."""
    left = [c for c in verb.lefts if c.dep_ in ("aux", "auxpass", "neg") and c.lower_ != "to"]
    start = min([verb.i] + [c.i for c in left])  # "has (repeatedly) said", "did not say"
    end = verb.i + 1
    for c in verb.rights:
        if c.dep_ == "prt" and c.i == end:
            end += 1
    return start, end


def is_negated(verb) -> bool:
    """"did not say", "never said": a negation on the verb or its auxiliary."""
    return any(c.dep_ == "neg" for c in verb.children) or any(
        c.dep_ == "neg" for a in verb.children if a.dep_ in ("aux",) for c in a.children)


# ----------------------------------------------------------------------------- claims
def _verb_claim(verb, quotes: list[Quote], text: str) -> dict | None:
    """The claim whose cue is ``verb``: a quotation next to the cue clause is the content
    (direct), else the reported clause or object; ``None`` when there is no content."""
    doc = verb.doc
    c_start, c_end = cue_span(verb)
    speaker = find_speaker(verb)
    quote = adjacent_quote(verb, speaker, quotes, text)
    direct = quote is not None
    if direct:
        content = (quote[0], quote[1])
    else:
        content = content_tokens(verb)
        if content is None and not _has_object(verb):
            prep = prep_content(verb)
            if prep:
                c_end, content = prep
        if content is None:
            return None
        content = (doc[content[0]].idx, _end_char(doc[content[1] - 1]))
    lemma = verb.lemma_.lower()
    if lemma in QUOTE_ONLY_VERBS and not direct:
        return None
    if lemma not in SPEECH_VERBS and not direct and not _has_object(verb) and c_end == verb.i + 1:
        return None
    return {
        "speaker": _span(text, doc[speaker[0]].idx, _end_char(doc[speaker[1] - 1])) if speaker else None,
        "cue": _span(text, doc[c_start].idx, _end_char(doc[c_end - 1])),
        "content": _span(text, *content),
        "direct": direct,
        "negated": is_negated(verb),
    }


def _according_claim(tok, text: str) -> dict | None:
    """'according to X, Y' / 'Y, according to X': X the speaker, Y the rest of the clause."""
    doc = tok.doc
    to = next(c for c in tok.children if c.lower_ == "to")
    pobj = [c for c in to.children if c.dep_ == "pobj"]
    if not pobj:
        return None
    phrase = (tok.left_edge.i, tok.right_edge.i + 1)
    src = _trimmed(doc, pobj[0].left_edge.i, pobj[0].right_edge.i + 1)
    head = tok.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl") and head.head is not head:
        head = head.head
    sent = tok.sent
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    lo, hi = max(lo, sent.start), min(hi, sent.end)
    clause = _trimmed(doc, lo, hi) or (lo, hi)
    if phrase[0] <= clause[0]:  # "according to X, Y"
        lo = phrase[1]
    elif phrase[1] >= clause[1]:  # "Y, according to X"
        hi = phrase[0]
    content = _trimmed(doc, lo, hi)
    if not content or not src:
        return None
    return {
        "speaker": _span(text, doc[src[0]].idx, _end_char(doc[src[1] - 1])),
        "cue": _span(text, tok.idx, _end_char(to)),
        "content": _span(text, doc[content[0]].idx, _end_char(doc[content[1] - 1])),
        "direct": False,
        "negated": False,
    }


def find_speaker(verb) -> tuple[int, int] | None:
    """Token range of the speaker: the verb's subject phrase (or its passive agent), inherited
    from the governing verb for "he said and added" or "..., saying that"."""
    v = verb
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
        if subj:
            return speaker_phrase(subj[0])
        agent = [c for c in v.children if c.dep_ == "agent"]
        if agent and v is verb:
            pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
            if pobj:
                return speaker_phrase(pobj[0])
        if v.dep_ == "acl" and v.tag_ == "VBG":  # "a letter announcing that ..."
            own = {t.i for t in v.subtree}
            return _trimmed(v.doc, v.head.left_edge.i, min(own)) if v.head.i < v.i else None
        if any(c.dep_ == "nsubjpass" for c in v.children) or v.dep_ not in INHERIT_DEPS:
            return None
        v = v.head
    return None


def speaker_phrase(head) -> tuple[int, int]:
    """The subtree of ``head`` with its titles, appositions and relative clauses ("Harry Bond,
    30, of Raleigh, who was polled"), but without a clause holding a claim of its own ("The
    rebels, who denied ..., accused") or a leading focus adverb ("even", "also")."""
    cut = set()
    for c in head.children:
        if c.dep_ in SPEAKER_CUT_DEPS and any(is_cue_verb(t) for t in c.subtree):
            cut.update(t.i for t in c.subtree)
        elif c.dep_ in ("advmod", "cc", "preconj") and c.i == head.left_edge.i:
            cut.add(c.i)
    start = head.i
    while start - 1 >= head.left_edge.i and start - 1 not in cut:
        start -= 1
    end = head.i + 1
    while end <= head.right_edge.i and end not in cut:
        end += 1
    return _trimmed(head.doc, start, end) or (head.i, head.i + 1)


def content_tokens(verb) -> tuple[int, int] | None:
    """Token range of reported (indirect) content: the clausal complement ("said that X"), else
    the object with what completes it ("accused X of Y", "called X a liar"), else the clause the
    cue is parenthetical to ("X, he said, Y"). It stays inside the cue's sentence and stops
    before a comma-separated aside (", which ...", ", saying ...", ", according to ...")."""
    doc, sent = verb.doc, verb.sent
    clauses = [c for c in verb.children if c.dep_ in CLAUSE_DEPS]
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS and c.i > verb.i]
    if clauses:
        parts = clauses
    elif objects:
        parts = objects + [c for c in verb.children if c.dep_ == "oprd"
                           or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPS and c.i > objects[0].i)]
    elif verb.dep_ in ("parataxis", "ccomp") and verb.head.i != verb.i:
        own = {t.i for t in verb.subtree}
        idx = [t.i for t in verb.head.subtree if t.i not in own]
        return _trimmed(doc, max(min(idx), sent.start), min(max(idx) + 1, sent.end)) if idx else None
    else:
        return None
    start = max(min(p.left_edge.i for p in parts), sent.start)
    end = min(max(p.right_edge.i for p in parts) + 1, sent.end)
    return _trimmed(doc, start, _aside_start(doc, start, end))


def _aside_start(doc, start: int, end: int) -> int:
    """First token of a comma-separated aside closing the range [start, end) (else ``end``):
    a relative or adverbial clause, a verb joined by "but", a paragraph break, "according to"."""
    for i in range(start + 1, end):
        tok = doc[i]
        if "\n" in tok.text or (tok.is_space and "\n" in tok.text_with_ws):
            return i
        if doc[i - 1].text not in (",", "—", "–", "--") or tok.head.i < start or tok.head.i >= end:
            continue
        if tok.dep_ == "cc" and tok.lower_ in ("but", "though", "although", "while"):
            return i
        if tok.lower_ == "according" or tok.lower_ in ("which", "who", "whom", "whose"):
            return i
        if tok.left_edge.i == i and tok.dep_ in ("advcl", "relcl", "parataxis", "acl") \
                and tok.head.i < i:
            return i
        if tok.dep_ == "mark" and tok.head.dep_ in ("advcl",) and tok.head.head.i < i:
            return i
    return end


def prep_content(verb) -> tuple[int, int] | None:
    """Token range (cue end, content) for "called for X", "referring to X", "talked about X":
    the preposition right after the verb joins the cue, its object is the content."""
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if nxt is None or nxt.head is not verb or nxt.dep_ != "prep" or nxt.lower_ not in CUE_PREPS:
        return None
    pobj = [c for c in nxt.children if c.dep_ in ("pobj", "pcomp")]
    if not pobj:
        return None
    span = _trimmed(verb.doc, pobj[0].left_edge.i, min(pobj[0].right_edge.i + 1, verb.sent.end))
    return (nxt.i + 1, span) if span else None


def _has_object(verb) -> bool:
    return any(c.dep_ in CLAUSE_DEPS + OBJECT_DEPS for c in verb.children)


def _has_clause(verb) -> bool:
    return any(c.dep_ in CLAUSE_DEPS for c in verb.children)


def adjacent_quote(verb, speaker, quotes: list[Quote], text: str) -> tuple[int, int] | None:
    """Character range of the quotation the cue introduces or closes, if any.

    Before the cue: the quotation ends just before the cue clause and opens a sentence
    (“...,” said X / “...,” X said). After it: only a colon or comma separates them and the
    quotation closes the sentence (X said: “...”). Both: a quotation split around the cue.
    """
    clause = [verb.i] + ([speaker[0], speaker[1] - 1] if speaker else [])
    clause += [c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "advmod", "prt")
               and not _inside_quote(c.idx, quotes)]
    c_lo, c_hi = verb.doc[min(clause)].idx, _end_char(verb.doc[max(clause)])
    sent = verb.sent
    right_content = [c for c in verb.rights if c.dep_ in CLAUSE_DEPS
                     and not _inside_quote(c.idx, quotes)]
    before = after = None
    for q in quotes:
        if q.end <= c_lo and not text[q.end:c_lo].strip(" ,") and _opens_sentence(text, q.start) \
                and not right_content:
            before = q
        elif q.start >= c_hi and after is None and _LEAD_IN.match(text[c_hi:q.start]) \
                and q.start < sent.end_char + 1:
            tail_end = max(sent.end_char, q.end)
            if _SENTENCE_TAIL.match(text[q.end:tail_end]) or q.end >= sent.end_char:
                after = q
    if not (before or after):
        return None
    start, end = (before or after).inner_start, (after or before).inner_end
    return start, continued_quote(end, max(sent.end_char, (after or before).end), quotes, text)


def continued_quote(end: int, pos: int, quotes: list[Quote], text: str) -> int:
    """Extend a quotation's end over the quotations that follow it in the same paragraph, one
    sentence after another: “A,” he said. “B. C.” -> A ... C."""
    for q in quotes:
        if q.start < pos:
            continue
        if not _QUOTE_GAP.match(text[pos:q.start]):
            break
        end, pos = q.inner_end, q.end
    return end


def _opens_sentence(text: str, pos: int) -> bool:
    prev = text[:pos].rstrip(" \t")
    return not prev or prev[-1] in ".!?:\n”\"'"


# ----------------------------------------------------------------------------- post-processing
def _drop_nested(claims: list[dict]) -> list[dict]:
    """Leave out claims whose cue lies inside the content of another claim."""
    kept = []
    for c in claims:
        cs = c["cue"]["start"]
        if any(o is not c and o["content"]["start"] <= cs < o["content"]["end"] for o in claims):
            continue
        kept.append(c)
    return kept


def resolve_pronouns(claims: list[dict], doc) -> None:
    """Add ``speaker["resolved"] = name`` to he/she speakers: the PERSON named in the
    nearest preceding claim's speaker (a simple recency heuristic)."""
    persons = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
    last = None
    for c in claims:
        sp = c["speaker"]
        if not sp:
            continue
        if sp["text"].lower() in PERSON_PRONOUNS:
            if last:
                sp["resolved"] = last
            continue
        named = [p[2] for p in persons if sp["start"] <= p[0] and p[1] <= sp["end"]]
        if named:
            last = named[-1]


# ----------------------------------------------------------------------------- helpers
def _trimmed(doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range without leading/trailing punctuation and spaces (quote marks kept)."""
    while start < end and (doc[start].is_space or (doc[start].is_punct and not doc[start].is_quote)):
        start += 1
    while end > start and (doc[end - 1].is_space or (doc[end - 1].is_punct and not doc[end - 1].is_quote)):
        end -= 1
    return (start, end) if end > start else None


def _end_char(tok) -> int:
    return tok.idx + len(tok.text)


def _span(text: str, start: int, end: int) -> dict:
    """A span dict with surrounding white space trimmed, so that text[start:end] == span text."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {"text": text[start:end], "start": start, "end": end}
