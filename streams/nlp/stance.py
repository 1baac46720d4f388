"""Stance of a claim: does its speaker blame, deny, refute or confirm something, and what.

A pure function of the parsed article and a claim's cue and content spans (character offsets
into ``doc.text``, as :func:`streams.nlp.claims.extract_claims` returns them). The stance verb is
the cue itself ("The rebels accused the government of ...", "Syria denies that ...") or, for a
plain reporting verb, the main stance verb of the content ("... he added: “The United States
strongly refutes this narrative ...”"). Negated stance verbs carry no stance ("did not blame");
a stance the speaker reports as false refutes its holder ("... the regime falsely accused the
opposition" refutes *the regime*).

Stances and their target:

- ``blames``: who is blamed, the verb's object ("accused *Russia* of ...", "blamed *the rebels*
  for ...") or the object of "on" ("blamed the attack on *rebels*");
- ``denies``, ``refutes``, ``confirms``: what is denied, refuted or confirmed, the verb's object
  or clause ("refutes *this narrative*", "denied *carrying out any poison gas attacks*").
"""
from __future__ import annotations

from streams.nlp.pipeline import doc_text

#: Verb lemma -> stance.
STANCE_VERBS = {
    **dict.fromkeys(("accuse", "blame", "fault"), "blames"),
    **dict.fromkeys(("deny", "reject", "dismiss", "disavow", "rebuff"), "denies"),
    **dict.fromkeys(("refute", "rebut", "dispute", "contradict", "debunk", "contest"), "refutes"),
    **dict.fromkeys(("confirm", "verify", "corroborate"), "confirms"),
}
#: Adverbs by which a speaker refutes the stance they report: "X falsely accused Y" refutes X.
FALSELY = frozenset({"falsely", "wrongly", "baselessly", "erroneously", "wrongfully"})
#: Dependents that hold what a stance is about, in order of preference.
TARGET_DEPS = ("dobj", "ccomp", "xcomp", "pcomp")
#: Longest target kept, in characters (a target names something, it is not the content).
MAX_TARGET = 160
#: Clauses cut from a target noun phrase: "the government *of trying to ...*" stays out.
_CUT_DEPS = frozenset({"relcl", "acl", "prep", "appos", "punct"})


def claim_stance(doc, cue: dict, content: dict) -> tuple[str | None, str | None]:
    """``(stance, target)`` of the claim with these ``cue`` and ``content`` spans, else
    ``(None, None)``. The cue's own verb decides first, then the content's topmost stance verb."""
    for span in (cue, content):
        verb = _stance_verb(doc, span["start"], span["end"])
        if verb is None:
            continue
        if span is content and any(c.lower_ in FALSELY for c in verb.children if c.dep_ == "advmod"):
            subject = [c for c in verb.children if c.dep_ == "nsubj"]  # "X falsely accused Y"
            if subject:
                return "refutes", _phrase(subject[0])
        return STANCE_VERBS[verb.lemma_.lower()], stance_target(verb)
    return None, None


def _stance_verb(doc, start: int, end: int):
    """The stance verb nearest the root of the parse among the tokens in [start, end)."""
    best, best_depth = None, None
    span = doc.char_span(start, end, alignment_mode="expand")
    for tok in span if span is not None else ():
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in STANCE_VERBS or _negated(tok):
            continue
        depth = _depth(tok)
        if best is None or depth < best_depth:
            best, best_depth = tok, depth
    return best


def stance_target(verb) -> str | None:
    """What the stance is about (see the module docstring); None when the verb has no object."""
    if verb.lemma_.lower() == "blame":  # "blamed the attack on rebels": the rebels are blamed
        objects = [c for c in verb.children if c.dep_ == "dobj"]  # "on" may hang on the object
        for prep in [*verb.children, *(c for o in objects for c in o.children)]:
            if prep.dep_ == "prep" and prep.lower_ == "on":
                pobj = [c for c in prep.children if c.dep_ == "pobj"]
                if pobj:
                    return _phrase(pobj[0])
    for dep in TARGET_DEPS:
        for child in verb.children:
            if child.dep_ == dep:
                return _phrase(child) if dep == "dobj" else _clause(child)
    return None


def _phrase(head) -> str:
    """A noun phrase without what follows it: "the government" of "the government of trying"."""
    cut = {t.i for c in head.children if c.dep_ in _CUT_DEPS and c.i > head.i for t in c.subtree}
    toks = [t for t in head.subtree if t.i not in cut]
    keep = [t for t in toks if t.i <= max(u.i for u in toks)]
    return _text(keep)


def _clause(head) -> str:
    return _text([t for t in head.subtree if not (t.dep_ == "mark" and t.head.i == head.i)])


def _text(toks) -> str:
    if not toks:
        return ""
    doc = toks[0].doc
    text = doc_text(doc)[min(t.idx for t in toks):max(t.idx + len(t.text) for t in toks)]
    text = text.strip(" \t\n\"'“”‘’,.;:")
    return text[:MAX_TARGET].rsplit(" ", 1)[0] if len(text) > MAX_TARGET else text


def _negated(verb) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _depth(tok) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 100:
        tok, depth = tok.head, depth + 1
    return depth
