"""The numpy index of a large library and the plain-Python index of a small one agree."""

from __future__ import annotations

import pytest

from popguide.library import load_library
from popguide.matching import Matcher
from popguide.matching import matcher as matcher_module
from popguide.matching.index import Index, _words
from popguide.matching.small import SmallIndex
from popguide.matching.text import Normaliser, fold, fold_fast


@pytest.fixture(scope="module")
def library():
    return load_library([])


def test_both_indexes_give_every_scenario_the_same_weights_names_and_pairs(library):
    small, big = SmallIndex(library, Normaliser(library)), Index(library, Normaliser(library))
    assert small.vocab == big.vocab and small.core == big.core and small.known == big.known
    assert small.numbers_in_names() == big.numbers_in_names() and {"999", "101"} <= big.numbers_in_names()
    for a, b in zip(small.docs, big.docs):
        assert a.id == b.id
        assert a.weights.keys() == b.weights.keys()
        assert all(abs(a.weights[t] - b.weights[t]) < 1e-9 for t in a.weights)
        assert set(a.names) == set(b.names)
    pairs = set()
    for d in small.docs:
        words = d.sequence.split()
        pairs |= set(zip(words, words[1:]))
    assert all(small.pair_docs[p] == big.pair_docs[p] for p in pairs)
    for term in ["burglari", "drink", "street", "scrambler", "cuckoo"]:
        assert small.idf[term] == pytest.approx(big.idf[term])
        assert small.postings[term] == pytest.approx(big.postings[term])


@pytest.mark.parametrize("text", [
    "lads on scramblers racing round the park",
    "Persistent complaints from traders about street drinking and begging outside the Co-op",
    "vulnerable man, dealers have taken over his flat and are running county lines from it",
    "TFMV in the multi storey, windows smashed. Cars keyed too; the anti social behavior is constant.",
])
def test_both_paths_rank_the_same(library, monkeypatch, text):
    small = Matcher(library)
    monkeypatch.setattr(matcher_module, "VECTOR_INDEX_FROM", 1)
    big = Matcher(library)
    assert isinstance(big.index, Index) and isinstance(small.index, SmallIndex)
    a, b = small.match_with_secondary(text, abstain=False), big.match_with_secondary(text, abstain=False)
    assert [(m.id, m.score, m.why) for m in a.matches] == [(m.id, m.score, m.why) for m in b.matches]
    assert a.also == b.also


@pytest.mark.parametrize("texts", [
    ["Children's home", "", "Café near the Co-op", "a\x01b", "extraordinarilylongwordsaretreatedwhole too", "A&E, 3am"],
    ["one"],
    ["", ""],
    ["naïve résumé façade", "it's he's they're", "x" * 40 + " y" * 3],
])
def test_library_text_is_cut_into_the_same_words_as_the_fold(texts):
    batch = _words(texts)
    got: list[list[str]] = [[] for _ in texts]
    for w, t in zip(batch.word_id.tolist(), batch.text_of.tolist()):
        got[t].append(batch.word(w))
    want = [fold_fast(t.replace("\x01", " ")).split() if t.isascii() else fold(t).split() for t in texts]
    assert got == want


def test_word_list_looked_up_word_by_word_agrees_with_the_whole_list(monkeypatch):
    from popguide.matching import english

    words = ["a", "flying", "flytipping", "haystack", "truancy", "hes", "coop", "towpath", "zzzqx", "15", "naïve"]
    whole = english.words()
    monkeypatch.setattr(english, "_words", None)
    monkeypatch.setattr(english, "_looked_up", {})
    assert [english.frequency(w) for w in words] == [whole.get(w) for w in words]
    assert english._words is not None  # "naïve" is not a plain word: the list was read whole for it


def test_a_phrase_starting_with_a_stop_word_is_read_the_same_in_the_library_as_in_a_query(library):
    """"off-road bikes" in a scenario is the scrambler a user means by it, not "off" and a bicycle."""
    norm = Normaliser(library)
    assert norm.stems_joined(["noisy off-road bikes on the field"]) == ["noisi", "scrambler", "field"]
    assert [t.stem for t in norm.query("noisy off-road bikes on the field")] == ["noisi", "scrambler", "field"]
    assert "bicycl" in norm.stems_joined(["my carbon road bike"])


def test_the_index_read_in_many_batches_on_two_threads_is_the_small_index_and_the_same_every_time(library, monkeypatch):
    """Batches are read and grouped on two threads while their words get ids in order: however many batches and
    however the threads are timed, every scenario's weights, names and pairs come out the same."""
    import numpy as np

    from popguide.matching import index as index_module

    monkeypatch.setattr(index_module, "BATCH_CHARS", 20_000)  # the built-in library in a few dozen batches
    small, first, second = (SmallIndex(library, Normaliser(library)), Index(library, Normaliser(library)),
                            Index(library, Normaliser(library)))
    assert small.vocab == first.vocab and small.core == first.core
    for a, b in zip(small.docs, first.docs):
        assert a.weights.keys() == b.weights.keys() and all(abs(a.weights[t] - b.weights[t]) < 1e-9 for t in a.weights)
        assert set(a.names) == set(b.names)
    for name in ("_d_ptr", "_d_stem", "_d_weight", "_p_doc", "_p_weight", "_p_ptr", "_pairs", "_n_seg", "_n_stem"):
        assert np.array_equal(getattr(first, name), getattr(second, name)), name
    assert first._stems == second._stems
