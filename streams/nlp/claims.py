"""Claims extraction: who said what, found in the dependency parse of one article.

A claim is an attribution: a *speaker* (source), a *cue* (the reporting verb, or "according
to") and the *content* attributed (a quotation or reported speech). The conventions follow the
PolNeAR corpus (Newell et al., LREC 2018) so the output can be scored against it:

- the cue is the reporting verb with its auxiliaries and the adverbs right before it ("has
  said", "did not say", "also said"), a time adverb ("said Tuesday") or "in a statement" right
  after it, the preposition that introduces its content ("called for", "called on X to Y"), or
  a chain ("declined to comment on"; but "declined | to comment", "refused | to say whether");
  "according to" and "in the latest poll" are cues whose object is the source; an attitude
  adjective after "be" is one ("was critical of", "is confident that");
- "seem"/"appear" and passive "is expected to" have no source: the whole clause is the content
  ("The senator seemed to waver");
- the speaker is the subject phrase with its title ("State Department deputy spokesman Robert
  Palladino"), without relative clauses; a relative pronoun ("who said ...") is kept as is;
- the content of reported speech includes its complementiser ("that the rape took place");
  a quotation is the quoted text, and a quotation split around its cue ("A," he said, "B.")
  or continued after it in the same paragraph ("A," he said. "B.") runs from the first part to
  the last, and over the next paragraphs that are nothing but a quotation without a cue of
  their own; reported speech that opens a quotation runs to its closing mark.

Each claim also carries its ``stance`` and ``target`` (:mod:`streams.nlp.stance`).

The rules propose candidates; a learned cue scorer (:class:`CueModel`, a logistic regression
over parse features trained on PolNeAR train by :mod:`streams.nlp.train_cues`, shipped as
``streams/nlp/data/cue_model.json``) then picks, for each candidate, the likeliest of its cue
spans (:func:`cue_variants`: "to endorse", "expressed concern about", "declined | to comment"),
vetoes lexicon cues it finds unlikely and admits verbs outside the lexicon it finds likely.

Everything here is a pure function of a spaCy ``Doc`` (see :func:`streams.nlp.pipeline.load_nlp`)
and returns plain dicts whose offsets index ``doc.text``::

    >>> from streams.nlp.pipeline import load_nlp
    >>> doc = load_nlp()("Officials said the road was closed.")
    >>> [(c["speaker"]["text"], c["cue"]["text"], c["content"]["text"]) for c in extract_claims(doc)]
    [('Officials', 'said', 'the road was closed')]
"""
from __future__ import annotations

import functools
import json
import math
import os
import re
from dataclasses import dataclass
from itertools import repeat

from streams.nlp.pipeline import doc_ents, doc_text
from streams.nlp.stance import claim_stance

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

#: Verbs whose subject is what they qualify, not a source: PolNeAR annotates "X seems to Y" as
#: an attribution without source whose content is the whole clause ("it appears X": X).
RAISING_VERBS = frozenset({"seem", "appear"})

#: Verbs that are cues only before or after a quotation: '"...," he continued.'
QUOTE_ONLY_VERBS = frozenset("continue go begin start shout yell scream read".split())

#: Verbs of thought and judgement, or that take an object as their content ("accused X of Y",
#: "called X a liar"); they count as cues only with a content clause, object or quotation.
OTHER_VERBS = frozenset("""
    accuse blame urge call reject refute describe believe think hope fear expect feel know
    criticize criticise praise dismiss slam blast condemn threaten demand propose
    recommend charge insinuate mock deride label brand characterize characterise hint
    show find endorse support back oppose defend cite want seek plan refuse decline offer
    express view see consider doubt worry accept question acknowledge concede seem appear
    refer talk speak discuss denounce identify learn assure prefer point push advocate campaign
    attack assail bash castigate lambast mock ridicule rail decry lament hail laud applaud tout
    trumpet thank welcome echo repeat recount quote reference remind signal recognize portray
    deem forecast request order chant love hate dislike
""".split())

#: Adjectives of attitude that are cues after "be" with a content ("is eager to ...", "was
#: critical of ...", "are confident that ...").
ATTITUDE_ADJECTIVES = frozenset("""
    eager critical confident concerned wary skeptical sceptical sure certain convinced optimistic
    pessimistic proud glad happy unhappy upset worried afraid adamant aware supportive hopeful
    angry furious doubtful determined reluctant opposed fearful grateful thankful nervous
    enthusiastic dismissive
""".split())

#: Heads of an "in ..." phrase that is a cue of its own: "In the latest poll, Clinton led by 8".
POLL_NOUNS = frozenset({"poll", "survey", "average"})

#: Heads of an "in ..." phrase that joins the cue: "said in a statement", "said in response".
STATEMENT_NOUNS = frozenset({"statement", "response", "release"})

#: Verbs that are cues only chained to another verb: "declined to comment", "refused to endorse".
CHAINED_CUES = frozenset("comment speculate elaborate endorse discuss address answer".split())

#: Verbs that keep the chained infinitive as their content rather than in the cue: PolNeAR
#: annotates "declined | to comment" and "refused | to say whether ..." (but "declined to
#: comment on | X").
REFUSAL_VERBS = frozenset({"decline", "refuse"})

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
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})

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
def extract_claims(doc, content_end: int | None = None, model="default") -> list[dict]:
    """Return the claims of ``doc`` in text order (see the module docstring for the shape).

    Only sentences starting before ``content_end`` (``None``: the whole text) are read; the rest
    is publisher boilerplate. Claims nested in the content of another claim are left out, as in
    PolNeAR where each word belongs to one attribution at most.

    ``model`` is the learned cue scorer (:mod:`streams.nlp.cue_model`): by default the one
    shipped in ``streams/nlp/data``; ``None`` keeps the hand rules alone. It vetoes lexicon cues
    it finds unlikely and admits verbs outside the lexicon it finds likely.
    """
    if model == "default":
        model = default_cue_model()
    text = doc_text(doc)
    quotes = find_quotes(text)
    candidates = candidate_claims(doc, content_end, quotes, open_verbs=model is not None, text=text,
                                  gate=model.open_gate if model is not None else None)
    candidates = [c for c in candidates if well_formed(c.claim, text)]
    if model is not None:
        candidates = model.select([[c] + cue_variants(c, text) for c in candidates])
    return finish_claims([c.claim for c in candidates], doc, quotes, text=text)


@dataclass
class Candidate:
    """A claim proposed by the rules: ``anchor`` is its cue token, ``kind`` the rule that built
    it ("verb": lexicon verb, "open": verb outside the lexicon, "according", "adjective",
    "poll")."""

    anchor: object
    kind: str
    claim: dict
    variant: str = "rule"
    sent_end: int = 0  # token index after the anchor's sentence (``tok.sent`` is slow)
    sent_start: int | None = None  # token index of the sentence's start (None: ask ``tok.sent``)


def candidate_claims(doc, content_end: int | None, quotes: list[Quote],
                     open_verbs: bool = False, text: str | None = None, gate=None) -> list[Candidate]:
    """Every claim the rules build, one per cue token, before the nesting filter. With
    ``open_verbs`` also the claims of verbs outside the lexicon that have a content (a clause,
    an object or an adjacent quotation) and pass ``gate(token, sentence start)`` when given
    (:meth:`CueModel.open_gate`), for the learned scorer to judge. ``text`` is ``doc.text``
    when the caller has it (rebuilding it is slow)."""
    text = doc_text(doc) if text is None else text
    limit = len(text) if content_end is None else content_end
    out = []
    maybe = _maybe_anchors(doc)
    for sent in doc.sents:
        if sent.start_char >= limit:
            break
        for i in maybe[sent.start:sent.end].nonzero()[0]:
            tok = doc[sent.start + int(i)]
            if _inside_quote(tok.idx, quotes):
                continue
            claim, kind = None, None
            if is_cue_verb(tok):
                if not chains_cue(tok):
                    claim, kind = _verb_claim(tok, quotes, text), "verb"
            elif _is_according(tok):
                claim, kind = _according_claim(tok, text), "according"
            elif tok.dep_ == "acomp" and tok.lemma_.lower() in ATTITUDE_ADJECTIVES:
                claim, kind = _adjective_claim(tok, text), "adjective"
            elif _is_in_poll(tok):
                claim, kind = _adjunct_claim(tok, tok, [c for c in tok.children if c.dep_ == "pobj"][0], text), "poll"
            elif open_verbs and _open_verb(tok) and (gate is None or gate(tok, sent.start)):
                claim, kind = _verb_claim(tok, quotes, text, open_lexicon=True), "open"
            if claim:
                out.append(Candidate(tok, kind, claim, sent_end=sent.end, sent_start=sent.start))
    return out


def _maybe_anchors(doc):
    """Per token, whether any rule of :func:`candidate_claims` could start at it: a verb or an
    auxiliary, "according", "in" or an adjectival complement. Read from the parse's arrays, so
    the other tokens (most of a text) are never made into Python objects."""
    from spacy.attrs import DEP, LOWER, POS
    from spacy.symbols import AUX, VERB

    strings = doc.vocab.strings
    arr = doc.to_array([POS, DEP, LOWER])
    pos, dep, lower = arr[:, 0], arr[:, 1], arr[:, 2]
    return (pos == VERB) | (pos == AUX) | (dep == strings["acomp"]) | (lower == strings["according"]) \
        | (lower == strings["in"])


def finish_claims(claims: list[dict], doc, quotes: list[Quote], stance: bool = True,
                  text: str | None = None) -> list[dict]:
    """Order the claims, run quotations over paragraphs, drop nested claims, resolve pronouns
    and add the stance (unless ``stance`` is false)."""
    text = doc_text(doc) if text is None else text
    claims = sorted((c for c in claims if well_formed(c, text)), key=lambda c: c["cue"]["start"])
    extend_over_paragraphs(claims, quotes, text)
    claims = _drop_nested(claims)
    resolve_pronouns(claims, doc)
    for claim in claims if stance else ():
        claim["stance"], claim["target"] = claim_stance(doc, claim["cue"], claim["content"])
    return claims


def well_formed(claim: dict, text: str) -> bool:
    """Every span of ``claim`` is a non-empty, in-order piece of ``text`` that matches its text.

    A safety net for the record contract (``text == body[start:end]``): a parse of unusual text
    (seen: a quotation closed by a stray character) once gave a cue whose start lay after its end.
    """
    for part in ("speaker", "cue", "content"):
        span = claim.get(part)
        if span is None and part == "speaker":
            continue
        if not span or not 0 <= span["start"] < span["end"] <= len(text) or \
                text[span["start"]:span["end"]] != span["text"]:
            return False
    return True


def _open_verb(tok) -> bool:
    """A verb outside the lexicon that may still be a cue: not a modifier, not an auxiliary."""
    return tok.pos_ == "VERB" and tok.dep_ not in ("amod", "compound", "aux", "auxpass") \
        and tok.lemma_.lower() not in ("be", "have", "do")


# ----------------------------------------------------------------------------- learned cue scorer
#: The shipped scorer, trained by :mod:`streams.nlp.train_cues` on PolNeAR train.
CUE_MODEL_PATH = os.path.join(os.path.dirname(__file__), "data", "cue_model.json")


class CueModel:
    """Logistic regression over the parse features of a candidate cue (:func:`cue_features`).

    ``weights`` maps feature strings to weights; a lexicon verb is kept unless its
    probability is below ``veto``, a verb outside the lexicon is admitted when it reaches
    ``admit`` (:func:`threshold`).
    """

    def __init__(self, weights: dict[str, float], bias: float, veto: float, admit: float, meta=None):
        self.weights, self.bias, self.veto, self.admit = weights, bias, veto, admit
        self.meta = meta or {}
        # What open_gate adds per feature f, w[f] + w["open|" + f], summed once here (the weights
        # are not changed after construction): the gate runs on most verbs of every text.
        names = set(weights) | {k[len("open|"):] for k in weights if k.startswith("open|")}
        self._gate_weights = {f: weights.get(f, 0.0) + weights.get("open|" + f, 0.0) for f in names}

    def open_gate(self, tok, sent_start: int | None = None) -> bool:
        """Whether a verb outside the lexicon may reach ``admit`` at all: its token features alone,
        plus :data:`OPEN_GATE_MARGIN` for what a claim could add, must reach it. Most verbs of a
        text fail here and never have a claim built (a cascade: the first stage is cheap)."""
        feats = token_features(tok, "open", sent_start)
        z = self.bias + sum(map(self._gate_weights.get, feats, repeat(0.0, len(feats))))
        return z + OPEN_GATE_MARGIN >= math.log(self.admit / (1.0 - self.admit))

    def prob(self, features: list[str]) -> float:
        z = self.bias + sum(map(self.weights.get, features, repeat(0.0, len(features))))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keep(self, cand: Candidate, p: float | None = None) -> bool:
        """Whether ``cand`` (of probability ``p``, computed when not given) is a claim."""
        p = self.prob(cue_features(cand)) if p is None else p
        return p >= threshold(cand.kind, self.veto, self.admit)

    def select(self, groups: list[list[Candidate]]) -> list[Candidate]:
        """The likeliest candidate of each group (a rule's claim and its :func:`cue_variants`),
        when it passes its threshold."""
        out = []
        for group in groups:
            # one anchor and kind per group: its token features are computed once
            own = token_features(group[0].anchor, group[0].kind, group[0].sent_start)
            p, best = max(((self.prob(cue_features(c, own)), -i) for i, c in enumerate(group)))
            if self.keep(group[-best], p):
                out.append(group[-best])
        return out

    @classmethod
    def from_json(cls, path: str) -> CueModel:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        return cls(d["weights"], d["bias"], d["veto"], d["admit"], d.get("meta"))

    def to_json(self, path: str) -> None:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        weights = {k: round(v, 4) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-4}
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"bias": round(self.bias, 4), "veto": self.veto, "admit": self.admit,
                       "meta": self.meta, "weights": weights}, f, indent=0, sort_keys=True)
            f.write("\n")


#: What the claim-dependent features (:func:`claim_features`) of a verb outside the lexicon are
#: assumed to add at most to its token features' log-odds, for :meth:`CueModel.open_gate`. With 5,
#: no claim changes on PolNeAR train (840 articles), dev (84) and 300 news articles, against no
#: gate; with 4, claims of 4 of them change. The gate saves about a quarter of claim extraction.
OPEN_GATE_MARGIN = 5.0


def threshold(kind: str, veto: float, admit: float) -> float:
    """The probability a candidate of ``kind`` needs: ``admit`` for verbs outside the lexicon,
    ``veto`` for lexicon verbs; the narrow patterns ("according to", attitude adjectives, polls)
    are always kept."""
    return admit if kind == "open" else veto if kind == "verb" else 0.0


@functools.lru_cache(maxsize=1)
def default_cue_model() -> CueModel | None:
    """The shipped cue scorer (loaded once per process), or ``None`` when there is none."""
    return CueModel.from_json(CUE_MODEL_PATH) if os.path.exists(CUE_MODEL_PATH) else None


def cue_variants(cand: Candidate, text: str) -> list[Candidate]:
    """Other cue spans PolNeAR's annotators often choose for the same verb, as alternatives for
    the scorer: the infinitive marker before it ("to endorse"), without the adverbs before it,
    without or with the preposition after it ("said | of X", "reported on"), over a light verb's
    object ("expressed concern about", "took a swipe at"), or the governor of a chain alone
    ("declined | to comment on"). ``text`` is ``doc.text`` (slow to rebuild)."""
    if cand.kind not in ("verb", "open"):
        return []
    tok, claim = cand.anchor, cand.claim
    doc = tok.doc
    cue = doc.char_span(claim["cue"]["start"], claim["cue"]["end"], alignment_mode="expand")
    if cue is None:
        return []
    start, end = cue.start, cue.end
    spans = {}
    if start > 0 and doc[start - 1].lower_ == "to" and doc[start - 1].tag_ == "TO":
        spans["add_to"] = (start - 1, end, None)
    lead = start
    while lead < tok.i and doc[lead].pos_ == "ADV":
        lead += 1
    if lead > start:
        spans["drop_adv"] = (lead, end, None)
    if end - 1 > tok.i and doc[end - 1].pos_ == "ADP":
        spans["drop_prep"] = (start, end - 1, None)
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.dep_ == "prep" and nxt.head.i == tok.i \
            and any(c.dep_ in ("pobj", "pcomp") for c in nxt.children):
        spans["add_prep"] = (start, end + 1, None)
    if nxt is not None and nxt.dep_ == "dobj" and nxt.head.i == tok.i and nxt.pos_ == "NOUN":
        prep = next((c for c in nxt.rights if c.dep_ == "prep" and c.i == nxt.i + 1), None)
        pobj = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")] if prep is not None else []
        clause = next((c for c in nxt.rights if c.dep_ in ("acl", "ccomp", "relcl")), None)
        if pobj:
            spans["light_prep"] = (start, prep.i + 1, (pobj[0].left_edge.i, pobj[0].right_edge.i + 1))
        elif clause is not None:
            spans["light"] = (start, nxt.i + 1, (clause.left_edge.i, clause.right_edge.i + 1))
        else:
            spans["light"] = (start, nxt.i + 1, None)
    governor = chained_governor(tok)
    if governor is not None and governor.i + 1 < end \
            and governor.lemma_.lower() not in REFUSAL_VERBS:  # the rules settle "declined to"
        spans["governor"] = (start, governor.i + 1, None)
    out = []
    for name, (i, j, content) in spans.items():
        new = dict(claim, cue=_span(text, doc[i].idx, _end_char(doc[j - 1])))
        if content is not None:
            lo, hi = content
            trimmed = _trimmed(doc, lo, min(hi, cand.sent_end))
            if not trimmed:
                continue
            new["content"] = _span(text, doc[trimmed[0]].idx, _end_char(doc[trimmed[1] - 1]))
        out.append(Candidate(tok, cand.kind, new, name, cand.sent_end, cand.sent_start))
    return out


def _speaker_kind(doc, span: dict | None) -> str:
    """Coarse type of a speaker span: none, pronoun, relative, person, org, noun."""
    if not span:
        return "none"
    low = span["text"].lower()
    if low in PERSON_PRONOUNS | {"they", "i", "we", "you", "it"}:
        return "pron:" + low
    if low in RELATIVE_PRONOUNS:
        return "relative"
    chars = doc.char_span(span["start"], span["end"], alignment_mode="expand")
    labels = {t.ent_type_ for t in chars} if chars is not None else set()
    for label in ("PERSON", "ORG", "GPE", "NORP"):
        if label in labels:
            return label
    return "noun"


def token_features(tok, kind: str, sent_start: int | None = None) -> list[str]:
    """The features of a candidate cue that its token alone decides (no claim needed):
    its word, its place in the tree, what it governs, its neighbours. ``sent_start`` is the
    index of the token's sentence start when the caller knows it (``tok.sent`` is slow)."""
    doc = tok.doc
    lemma = tok.lemma_.lower()
    deps = sorted({c.dep_ for c in tok.children})
    sent_start = tok.sent.start if sent_start is None else sent_start
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    head = tok.head
    feats = [
        "kind=" + kind, "lemma=" + lemma, "lower=" + tok.lower_, "tag=" + tok.tag_,
        "dep=" + tok.dep_, "head=" + head.lemma_.lower(), "headdep=" + head.dep_,
        "headpos=" + head.pos_, "lemma|dep=" + lemma + "|" + tok.dep_,
        "lemma|tag=" + lemma + "|" + tok.tag_, "sentpos=" + str(min((tok.i - sent_start) // 4, 6)),
    ]
    feats += ["child=" + d for d in deps] + ["lemma|child=" + lemma + "|" + d for d in deps]
    feats += ["lemma|head=" + lemma + "|" + head.lemma_.lower(), "children=" + ",".join(deps),
              "dep|headpos|tag=" + "|".join((tok.dep_, head.pos_, tok.tag_)),
              "prev=" + prev, "next=" + nxt, "lemma|next=" + lemma + "|" + nxt,
              "dep|children=" + tok.dep_ + "|" + ",".join(deps)]
    return feats


def claim_features(cand: Candidate) -> list[str]:
    """The features of a candidate cue that depend on the claim built for it: its variant, cue
    and content spans, what its speaker looks like."""
    tok, claim, doc = cand.anchor, cand.claim, cand.anchor.doc
    lemma = tok.lemma_.lower()
    cue_words = claim["cue"]["text"].split()
    content_words = claim["content"]["text"].split()
    speaker = _speaker_kind(doc, claim["speaker"])
    direct = "direct" if claim["direct"] else "indirect"
    first = content_words[0].lower() if content_words else ""
    return [
        "var=" + cand.variant, "lemma|var=" + lemma + "|" + cand.variant,
        "var|cuelast=" + cand.variant + "|" + cue_words[-1].lower(),
        "lemma|" + direct, direct, "speaker=" + speaker, "lemma|speaker=" + lemma + "|" + speaker.split(":")[0],
        "cue=" + claim["cue"]["text"].lower(), "cuelen=" + str(min(len(cue_words), 4)),
        "contentlen=" + str(min(len(content_words) // 5, 6)), "first=" + first,
        "lemma|first=" + lemma + "|" + first, "negated=" + str(claim["negated"]),
        "speaker|" + direct + "=" + speaker, "cuelast=" + cue_words[-1].lower(),
        "spk=" + _speaker_head(doc, claim["speaker"]), "lemma|" + direct + "|speaker=" + lemma + "|" + speaker,
    ]


def cue_features(cand: Candidate, token_feats: list[str] | None = None) -> list[str]:
    """Parse features of a candidate cue (:func:`token_features`, or ``token_feats`` when the
    caller has them, and :func:`claim_features`); verbs outside the lexicon ("open") get
    weights of their own."""
    if token_feats is None:
        token_feats = token_features(cand.anchor, cand.kind, cand.sent_start)
    feats = token_feats + claim_features(cand)
    if cand.kind == "open":
        feats += ["open|" + f for f in feats]
    return feats


def _speaker_head(doc, span: dict | None) -> str:
    """Lemma of the speaker phrase's head ("officials", "poll"), or "-"."""
    if not span:
        return "-"
    chars = doc.char_span(span["start"], span["end"], alignment_mode="expand")
    return chars.root.lemma_.lower() if chars is not None else "-"


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
    return any((lemma, c.lower_) in PHRASAL_CUES for c in tok.children if c.dep_ == "prt") \
        or (lemma in CHAINED_CUES and chained_governor(tok) is not None)


def _is_according(tok) -> bool:
    return tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)


def cue_span(verb) -> tuple[int, int]:
    """Token range [i, j) of the cue: the verb with its auxiliaries, negation, the adverbs
    right before it ("also said", "has repeatedly said"), particles and a statement phrase
    right after it ("said in a statement", "said in response")."""
    governor = chained_governor(verb)
    if governor is not None:  # "declined to comment", "went on to say"
        return cue_span(governor)[0], verb.i + 1 + sum(
            1 for c in verb.rights if c.dep_ == "prt" and c.i == verb.i + 1)
    left = [c for c in verb.lefts if c.dep_ in ("aux", "auxpass", "neg") and c.lower_ != "to"]
    start = min([verb.i] + [c.i for c in left])
    if start == verb.i and verb.i > 0 and verb.doc[verb.i - 1].lower_ == "to" \
            and verb.doc[verb.i - 1].head.i == verb.i and verb.dep_ == "xcomp":
        start -= 1  # "wants | to endorse": the infinitive marker joins the cue  # "has (repeatedly) said", "did not say"
    adverbs = {c.i for c in verb.lefts if c.dep_ in ("advmod", "neg") and c.pos_ == "ADV"}
    while start - 1 in adverbs:
        start -= 1
    end = verb.i + 1
    for c in verb.rights:
        if c.dep_ == "prt" and c.i == end:
            end += 1
        elif c.dep_ == "prep" and c.i == end and c.lower_ == "in" and _statement_phrase(c):
            end = c.right_edge.i + 1
        elif c.dep_ in ("npadvmod", "advmod") and c.i == end and c.left_edge.i == c.i \
                and c.lower_ not in ("so", "when", "how", "why", "where", "however"):
            end = c.right_edge.i + 1  # "said Tuesday", "said recently", "said Monday night"
    return start, end


def chained_governor(verb):
    """The verb a cue is chained to by "to", when they form one cue: "declined to comment",
    "went on to say", "refused to endorse" (PolNeAR's cue is the whole chain)."""
    if verb.dep_ != "xcomp" or verb.i < 2 or verb.doc[verb.i - 1].lower_ != "to":
        return None
    head = verb.head
    if head.lemma_.lower() in REFUSAL_VERBS and prep_content(verb) is None:
        return None  # "declined | to comment", but "declined to comment on | X"
    between = verb.doc[head.i + 1:verb.i - 1]
    if head.pos_ != "VERB" or any(t.dep_ != "prt" or t.head.i != head.i for t in between):
        return None
    return head


def chains_cue(verb) -> bool:
    """True when ``verb`` governs a chained cue ("declined" in "declined to comment")."""
    return any(c.dep_ == "xcomp" and is_cue_verb(c) and chained_governor(c) is not None
               for c in verb.children)


def _statement_phrase(prep) -> bool:
    """"in a statement", "in a written statement", "in response" (not "in an interview with X",
    which PolNeAR leaves out of the cue)."""
    pobj = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(pobj) and pobj[0].lemma_.lower() in STATEMENT_NOUNS and pobj[0].right_edge.i == pobj[0].i


def is_negated(verb) -> bool:
    """"did not say", "never said": a negation on the verb or its auxiliary."""
    return any(c.dep_ == "neg" for c in verb.children) or any(
        c.dep_ == "neg" for a in verb.children if a.dep_ in ("aux",) for c in a.children)


# ----------------------------------------------------------------------------- claims
def _verb_claim(verb, quotes: list[Quote], text: str, open_lexicon: bool = False) -> dict | None:
    """The claim whose cue is ``verb``: a quotation next to the cue clause is the content
    (direct), else the reported clause or object; ``None`` when there is no content.
    ``open_lexicon`` treats a verb outside the lexicon like a reporting verb that needs a
    clause, an object or a quotation."""
    doc = verb.doc
    c_start, c_end = cue_span(verb)
    speaker = find_speaker(verb)
    quote = adjacent_quote(verb, speaker, quotes, text)
    direct = quote is not None
    prep_joined = False
    if direct:
        content = (quote[0], quote[1])
    else:
        content = content_tokens(verb)
        if content is None and not _has_object(verb):
            prep = prep_content(verb)
            if prep:
                (c_end, content), prep_joined = prep, True
        if content is None:
            return None
        appeal = _appeal_prep(verb)
        if appeal is not None and appeal.i + 1 < content[0]:  # "called on X | to Y"
            c_end, content, prep_joined = appeal.i + 1, (appeal.i + 1, content[1]), True
        content = (doc[content[0]].idx, _end_char(doc[content[1] - 1]))
        content = (content[0], open_quote_end(content, quotes))
    lemma = verb.lemma_.lower()
    if lemma in QUOTE_ONLY_VERBS and not direct:
        return None
    if open_lexicon and not direct and not _has_object(verb) and not prep_joined:
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and lemma not in SPEECH_VERBS and not direct:
        return None  # "a super PAC called Future 45", "the candidates described as ..."
    if lemma not in SPEECH_VERBS and not direct and not _has_object(verb) and not prep_joined:
        return None
    if lemma in RAISING_VERBS and not direct and speaker:
        if speaker[0] < verb.i and verb.idx < content[0] and not (
                doc[speaker[0]].lower_ == "it" and speaker[1] - speaker[0] == 1):
            content = (doc[speaker[0]].idx, content[1])  # "X seems to Y": the clause is the content
        speaker = None
    subj_pass = [c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i]
    if not direct and not speaker and subj_pass and any(c.dep_ == "xcomp" for c in verb.children) \
            and verb.idx < content[0] and subj_pass[0].lower_ not in RELATIVE_PRONOUNS | {"it"}:
        content = (subj_pass[0].left_edge.idx, content[1])  # "X is expected to Y": the clause
    speaker_span = _span(text, doc[speaker[0]].idx, _end_char(doc[speaker[1] - 1])) if speaker else None
    if speaker_span and verb.dep_ == "relcl" and speaker_span["text"].lower() in RELATIVE_PRONOUNS:
        head = speaker_phrase(verb.head)  # "The rebels, who denied ...": who = the rebels
        speaker_span["resolved"] = doc[head[0]:head[1]].text
    return {
        "speaker": speaker_span,
        "cue": _span(text, doc[c_start].idx, _end_char(doc[c_end - 1])),
        "content": _span(text, *content),
        "direct": direct,
        "negated": is_negated(verb),
    }


def _is_in_poll(tok) -> bool:
    """"in the latest poll", "in a CBS News survey" attached to a clause that is no claim of
    its own ("In the poll, 40 percent said ..." is the claim of "said")."""
    if tok.lower_ != "in" or tok.dep_ != "prep" or is_cue_verb(tok.head):
        return False
    pobj = [c for c in tok.children if c.dep_ == "pobj"]
    return bool(pobj) and pobj[0].lemma_.lower() in POLL_NOUNS and tok.head.pos_ in ("VERB", "AUX") \
        and tok.head.dep_ not in ("relcl", "acl", "advcl")


def _according_claim(tok, text: str) -> dict | None:
    """'according to X, Y' / 'Y, according to X': X the speaker, Y the rest of the clause."""
    to = next(c for c in tok.children if c.lower_ == "to")
    pobj = [c for c in to.children if c.dep_ == "pobj"]
    return _adjunct_claim(tok, to, pobj[0], text) if pobj else None


def _adjunct_claim(tok, cue_last, source, text: str) -> dict | None:
    """The claim of a source adjunct (cue ``tok`` .. ``cue_last``, source phrase headed by
    ``source``): the rest of the clause the adjunct belongs to is the content."""
    doc = tok.doc
    phrase = (tok.left_edge.i, tok.right_edge.i + 1)
    src = _trimmed(doc, source.left_edge.i, source.right_edge.i + 1)
    head = tok.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl") and head.head is not head:
        head = head.head
    sent = tok.sent
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    lo, hi = max(lo, sent.start), min(hi, sent.end)
    clause = _trimmed(doc, lo, hi) or (lo, hi)
    if phrase[0] <= clause[0]:  # "according to X, Y"
        lo = phrase[1]
    elif phrase[1] >= clause[1] or tok.lower_ == "in":  # "Y, according to X", "Y in the poll ..."
        hi = phrase[0]
    content = _trimmed(doc, lo, hi)
    if not content or not src:
        return None
    return {
        "speaker": _span(text, doc[src[0]].idx, _end_char(doc[src[1] - 1])),
        "cue": _span(text, tok.idx, _end_char(cue_last)),
        "content": _span(text, doc[content[0]].idx, _end_char(doc[content[1] - 1])),
        "direct": False,
        "negated": False,
    }


def _adjective_claim(adj, text: str) -> dict | None:
    """"X is eager to Y", "X was critical of Y", "X is confident that Y": the copula's subject
    is the speaker, the copula (with its auxiliaries) to the adjective (and its preposition) the
    cue, the adjective's clause or prepositional object the content."""
    doc, cop = adj.doc, adj.head
    if cop.lemma_ != "be" or adj.i < cop.i:
        return None
    subj = [c for c in cop.children if c.dep_ == "nsubj"]
    if not subj or subj[0].lower_ in ("it", "this", "that", "there"):
        return None
    cue_end, content = adj.i + 1, None
    clause = next((c for c in adj.children if c.dep_ in ("xcomp", "ccomp") and c.i > adj.i), None)
    if clause is not None:
        content = (clause.left_edge.i, clause.right_edge.i + 1)
    else:
        prep = next((c for c in adj.children if c.dep_ == "prep" and c.i == adj.i + 1
                     and c.lower_ in ("of", "about", "on", "with", "that")), None)
        pobj = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")] if prep is not None else []
        if pobj:
            cue_end, content = prep.i + 1, (pobj[0].left_edge.i, pobj[0].right_edge.i + 1)
    if content is None:
        return None
    sent = adj.sent
    content = _trimmed(doc, max(content[0], sent.start), min(content[1], sent.end))
    if not content:
        return None
    content = _trimmed(doc, content[0], _aside_start(doc, content[0], content[1])) or content
    start = cue_span(cop)[0]
    speaker = speaker_phrase(subj[0])
    return {
        "speaker": _span(text, doc[speaker[0]].idx, _end_char(doc[speaker[1] - 1])),
        "cue": _span(text, doc[start].idx, _end_char(doc[cue_end - 1])),
        "content": _span(text, doc[content[0]].idx, _end_char(doc[content[1] - 1])),
        "direct": False,
        "negated": is_negated(cop),
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
        parts = clauses  # "asked the candidates to make X": the xcomp's subject comes with it
        parts += [c for c in verb.children if c.dep_ == "dobj"
                  and verb.i < c.i < clauses[0].i and clauses[0].dep_ == "xcomp"]
    elif objects:
        parts = objects + [c for c in verb.children if c.dep_ == "oprd"
                           or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPS and c.i > objects[0].i)]
    elif verb.dep_ in ("parataxis", "ccomp") and verb.head.i != verb.i and not (
            verb.dep_ == "ccomp" and is_cue_verb(verb.head) and verb.head.i < verb.i):
        own = {t.i for t in verb.subtree}
        idx = [t.i for t in verb.head.subtree if t.i not in own]
        if not idx:
            return None
        start, end = max(min(idx), sent.start), min(max(idx) + 1, sent.end)
        return _trimmed(doc, start, _aside_start(doc, verb.i, end))
    else:
        return None
    start = max(min(p.left_edge.i for p in parts), sent.start)
    end = min(max(p.right_edge.i for p in parts) + 1, sent.end)
    return _trimmed(doc, start, _aside_start(doc, start, end))


def _aside_start(doc, start: int, end: int) -> int:
    """First token of a comma-separated aside closing the range [start, end) (else ``end``):
    a relative or adverbial clause, a paragraph break, "according to"."""
    for i in range(start + 1, end):
        tok = doc[i]
        if "\n" in tok.text or (tok.is_space and "\n" in tok.text_with_ws):
            return i
        if doc[i - 1].text not in (",", "—", "–", "--") or tok.head.i < start or tok.head.i >= end:
            continue
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
    if nxt is None or nxt.head.i != verb.i or nxt.dep_ != "prep" or nxt.lower_ not in CUE_PREPS:
        return None
    pobj = [c for c in nxt.children if c.dep_ in ("pobj", "pcomp")]
    if not pobj:
        return None
    span = _trimmed(verb.doc, pobj[0].left_edge.i, min(pobj[0].right_edge.i + 1, verb.sent.end))
    return (nxt.i + 1, span) if span else None


def _appeal_prep(verb):
    """The "on" of "called on X to Y" ("appealed to X to Y"): a preposition right after the cue
    whose object is asked to do what the cue's infinitive says; else ``None``."""
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if nxt is None or nxt.head.i != verb.i or nxt.dep_ != "prep" or nxt.lower_ not in ("on", "upon", "to"):
        return None
    if not any(c.dep_ == "pobj" for c in nxt.children):
        return None
    return nxt if any(c.dep_ == "xcomp" and c.i > nxt.i for c in verb.children) else None


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
    clause += [c.i for c in verb.children if (c.dep_ in ("aux", "auxpass", "neg", "advmod", "prt")
               or (c.dep_ in ("dative", "dobj") and c.pos_ == "PRON")) and not _inside_quote(c.idx, quotes)]
    c_lo, c_hi = verb.doc[min(clause)].idx, _end_char(verb.doc[max(clause)])
    sent = verb.sent
    right_content = [c for c in verb.rights if c.dep_ in CLAUSE_DEPS
                     and not _inside_quote(c.idx, quotes)]
    before = after = None
    for q in quotes:
        if q.end <= c_lo and not text[q.end:c_lo].strip(" ,") and _opens_sentence(text, q.start) \
                and not right_content and verb.dep_ not in ("advcl", "xcomp"):
            before = q
        elif q.start >= c_hi and after is None and _LEAD_IN.match(text[c_hi:q.start]) \
                and q.start < sent.end_char + 1:
            tail_end = max(sent.end_char, q.end)
            if _SENTENCE_TAIL.match(text[q.end:tail_end]) or q.end >= sent.end_char:
                after = q
    if not (before or after):
        return None
    start, end = (before or after).inner_start, (after or before).inner_end
    pos = max(sent.end_char, (after or before).end)
    if after is None:  # “A,” he said. “B.”: the next quotation may follow the cue clause
        nxt = next((q for q in quotes if q.start >= c_hi), None)
        if nxt and _QUOTE_GAP.match(text[c_hi:nxt.start]):
            pos = c_hi
    return start, continued_quote(end, pos, quotes, text)


def open_quote_end(content: tuple[int, int], quotes: list[Quote]) -> int:
    """End of reported content that opens a quotation it does not close: said the ruling was
    “in conflict with X. The threat is clear.” runs to the closing mark."""
    for q in quotes:
        if content[0] <= q.start < content[1] < q.inner_end:
            return q.inner_end
    return content[1]


def continued_quote(end: int, pos: int, quotes: list[Quote], text: str) -> int:
    """Extend a quotation's end over the quotations that follow it in the same paragraph, one
    sentence after another: “A,” he said. “B. C.” -> A ... C."""
    for q in quotes:
        if q.start < pos:
            continue
        if not _QUOTE_GAP.match(text[pos:q.start]) or "\n" in text[end:q.start]:
            break  # not next to it, or in another paragraph
        end, pos = q.inner_end, q.end
    return end


def extend_over_paragraphs(claims: list[dict], quotes: list[Quote], text: str) -> None:
    """Run a direct quotation on over the next paragraphs that are nothing but a quotation and
    hold no cue of their own: “A,” he said.¶“B.”¶ attributes B to him too. Only the last claim
    of its paragraph is extended; ``claims`` are in cue order and changed in place."""
    cues = [c["cue"]["start"] for c in claims]
    for i, claim in enumerate(claims):
        para_end = text.find("\n", claim["content"]["end"])
        if not claim["direct"] or para_end < 0 or any(
                claim["cue"]["start"] < c < para_end for c in cues[i + 1:]):
            continue
        end = claim["content"]["end"]
        while para_end >= 0:
            nxt = _PARAGRAPH.search(text, para_end)
            first = next((q for q in quotes if nxt and nxt.start() <= q.start < nxt.end()), None)
            if first is None or first.start != nxt.start() or any(nxt.start() <= c < nxt.end() for c in cues):
                break  # not a paragraph opening with a quotation, or it has a cue of its own
            last = continued_quote(first.inner_end, first.end, quotes, text)
            if text[last:nxt.end()].strip(" .,\"”'"):
                break  # the paragraph goes on after its quotation
            end, para_end = last, text.find("\n", last)
        if end > claim["content"]["end"]:
            claim["content"] = _span(text, claim["content"]["start"], end)


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
    persons = [(e.start_char, e.end_char, e.text) for e in doc_ents(doc) if e.label_ == "PERSON"]
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
