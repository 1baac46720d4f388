"""Term vectors: a word weighs by how often the article uses it and how rare it is in English."""
from streams.dedup import textsim


def test_a_rare_word_outweighs_a_common_one_used_as_often():
    terms = textsim.term_vector("people bastrop")
    assert terms["bastrop"] > 2 * terms["people"]


def test_a_shared_rare_word_makes_two_texts_closer_than_a_shared_common_one():
    report = textsim.term_vector("bastrop people tuesday market")
    same_town = textsim.term_vector("bastrop weather sunday garden")
    same_word = textsim.term_vector("people weather sunday garden")
    assert textsim.cosine(report, same_town) > 2 * textsim.cosine(report, same_word)


def test_the_terms_kept_are_the_heaviest_so_a_rare_word_named_once_is_not_cut():
    common = ("people time year work government day man world life part house course case week company "
              "system program question night point home water room mother area money story fact month lot "
              "right study book word business issue side kind head service friend father power hour game "
              "line end member law car city community name president team minute idea").split()
    assert len(common) > textsim.MAX_TERMS
    terms = textsim.term_vector(" ".join(common + ["arbors"]))
    assert len(terms) == textsim.MAX_TERMS and "arbors" in terms


def test_a_capitalised_word_counts_double():
    terms = textsim.term_vector("Market market garden garden")  # "market" twice, once capitalised
    plain = textsim.term_vector("market market garden garden")
    assert terms["market"] / terms["garden"] > plain["market"] / plain["garden"]


def test_a_vector_is_unit_length_and_identical_texts_have_cosine_one():
    terms = textsim.term_vector("Two men were shot on Main Street in Dayton on Friday night, police said.")
    assert abs(sum(v * v for v in terms.values()) - 1) < 1e-3
    assert abs(textsim.cosine(terms, terms) - 1) < 1e-3
    assert textsim.cosine(terms, {}) == 0.0
