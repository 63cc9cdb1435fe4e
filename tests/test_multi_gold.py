"""The merge benchmark's annotations agree with their sources (no engine is run)."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from benchmark_support import load_benchmark

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def eval_multi() -> ModuleType:
    return load_benchmark("eval_multi")


def test_every_split_is_annotated_soundly(eval_multi: ModuleType) -> None:
    golds = sorted((REPO / "benchmarks" / "multi").glob("*/*/gold.json"))
    split_names = {g.parent.parent.name for g in golds}
    assert {"fitted", "dev", "dev-2", "dev-3", "dev-4", "dev-5", "heldout-9"} <= split_names
    assert eval_multi.check_all() == []
    for g in golds:
        gold = json.loads(g.read_text(encoding="utf-8"))
        assert len(gold["files"]) >= 3
        assert gold["actors"] and gold["corroborated"] and gold["contradictions"], g


def test_held_back_splits_are_left_out_of_the_default_run(eval_multi: ModuleType) -> None:
    default = eval_multi.splits()
    folders = {p.name for p in (REPO / "benchmarks" / "multi").iterdir() if p.is_dir()}
    assert "heldout-5" not in folders  # scored once, then folded into dev-4
    assert "heldout-6" not in folders  # scored once, then folded into dev-5
    assert {"dev-4", "dev-5", "dev-6", "dev-7"} <= set(eval_multi.TUNED)
    assert default[: len(eval_multi.TUNED)] == list(eval_multi.TUNED)
    assert not set(default) & set(eval_multi.NOT_BY_DEFAULT)
    assert set(default) == folders - set(eval_multi.NOT_BY_DEFAULT)


def test_a_broken_annotation_is_reported(eval_multi: ModuleType, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text('The mayor, Lene Osk, said the count was "clean".\n', encoding="utf-8")
    b.write_text("Osk won by 48 votes, the commission said.\n", encoding="utf-8")
    folder = tmp_path / "split" / "set"
    folder.mkdir(parents=True)
    gold = {
        "files": [str(a), str(b), str(tmp_path / "missing.txt")],
        "actors": [],
        "corroborated": [],
        "contradictions": [],
    }
    path = folder / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    assert eval_multi.check_gold(path) == [f"split/set: no file {tmp_path / 'missing.txt'}"]

    gold["files"] = [str(a), str(b)]
    gold["actors"] = [
        {"id": "osk", "names": {"0": ["Lene Osk", "MAYOR"], "1": ["Osk"]}},
        {"id": "tec", "names": {"1": ["Electoral Commission"], "2": ["commission"]}},
    ]
    gold["corroborated"] = [
        [[0, "the count was clean"], [1, "Osk won by 48 votes"]],
        [[0, "said the count was fair"], [1, "Osk won by 48 votes"]],
        [[0, "Lene Osk"], [0, "the count was clean"]],
    ]
    gold["contradictions"] = [
        [[0, "the count was clean"], [3, "Osk won"]],
        [[0, "the count was clean"]],
    ]
    path.write_text(json.dumps(gold), encoding="utf-8")
    problems = eval_multi.check_gold(path)
    assert problems == [
        "split/set: actor tec: source 1 lacks 'Electoral Commission'",
        "split/set: actor tec: no source '2'",
        "split/set: corroborated: source 0 lacks 'said the count was fair'",
        "split/set: corroborated claim with one source: "
        "[[0, 'Lene Osk'], [0, 'the count was clean']]",
        "split/set: contradiction: no source 3",
        "split/set: contradiction is not a pair: [[0, 'the count was clean']]",
    ]


@pytest.mark.parametrize(
    ("tuned", "was"), [("dev-5", "heldout-6"), ("dev-6", "heldout-7"), ("dev-7", "heldout-8")]
)
def test_a_folded_held_out_split_is_tuned_where_it_now_lives(
    eval_multi: ModuleType, tuned: str, was: str
) -> None:
    assert not (REPO / "benchmarks" / "multi" / was).exists()  # folded into the tuned split
    golds = list((REPO / "benchmarks" / "multi" / tuned).glob("*/gold.json"))
    assert len(golds) == 5
    assert tuned in eval_multi.TUNED
    assert tuned in eval_multi.splits()
    for g in golds:  # every file a set names is where the set now lives
        files = json.loads(g.read_text(encoding="utf-8"))["files"]
        assert all(f.startswith(f"benchmarks/multi/{tuned}/") for f in files), g


def test_heldout_9_is_a_held_out_split_of_the_default_run(eval_multi: ModuleType) -> None:
    held = REPO / "benchmarks" / "multi" / "heldout-9"
    golds = list(held.glob("*/gold.json"))
    assert len(golds) == 5
    assert "heldout-9" not in eval_multi.NOT_BY_DEFAULT  # scored once, then in the default run
    assert "heldout-9" not in eval_multi.TUNED
    assert "heldout-9" in eval_multi.splits()
    assert [p for g in golds for p in eval_multi.check_gold(g)] == []
    for g in golds:  # every file a set names is in the set's own folder
        gold = json.loads(g.read_text(encoding="utf-8"))
        assert 3 <= len(gold["files"]) <= 4, g
        assert all(
            f.startswith(f"benchmarks/multi/heldout-9/{g.parent.name}/") for f in gold["files"]
        ), g
        assert any(len(a["names"]) >= 2 for a in gold["actors"]), g  # actors to merge


def test_a_brief_name_without_the_annotated_title_is_credited(eval_multi: ModuleType) -> None:
    gold = [
        {"id": "min", "names": {"0": ["Health Minister Aru Velk"], "1": ["Ms Aru Velk"]}},
        {"id": "h1", "names": {"0": ["Norby State Hospital"]}},
        {"id": "h2", "names": {"0": ["Kessa State Hospital"]}},
        {"id": "uni", "names": {"0": ["Hospital, Lund Vale"], "1": ["clinic in Lund Vale"]}},
    ]
    assert eval_multi.gold_of({"aru velk"}, 0, gold) == {"min"}
    assert eval_multi.gold_of({"aru velk"}, 1, gold) == {"min"}
    assert eval_multi.gold_of({"aru velk"}, 0, gold, exact=True) == set()
    assert eval_multi.gold_of({"velk"}, 0, gold) == set()  # one word: a surname alone is not enough
    assert eval_multi.gold_of({"state hospital"}, 0, gold) == set()  # ends two names
    assert eval_multi.gold_of({"lund vale"}, 0, gold) == set()  # a place after a comma
    assert eval_multi.gold_of({"lund vale"}, 1, gold) == set()  # a place after "in"
    assert eval_multi.gold_of({"norby state hospital"}, 0, gold) == {"h1"}


def test_junk_is_an_unannotated_actor_not_written_as_a_name(eval_multi: ModuleType) -> None:
    from briefer.identity import Member, MergedActor
    from briefer.schema import Actor

    def merged(name: str, kind: str, *sources: int) -> MergedActor:
        actor = Actor(name=name, aliases=[], kind=kind, role=None, stance=None)
        return MergedActor(actor, [Member(s, actor) for s in sources])

    texts = [
        "Harbour master Ode Lind closed the port. The pilot said the tide was low.",
        "Lind said the port would reopen. Officials at Vell Shipping declined to comment.",
    ]
    gold = [{"id": "lind", "names": {"0": ["Ode Lind"], "1": ["Lind"]}}]
    actors = [
        merged("Ode Lind", "person", 0, 1),  # annotated
        merged("Vell Shipping", "company", 1),  # not annotated, but a name: real
        merged("pilot", "person", 0),  # not annotated, lower case: junk
        merged("Officials", "organisation", 1),  # only ever sentence-initial: junk
    ]
    tally = eval_multi.score_junk(actors, gold, texts)
    assert tally.made == 4
    assert [w.split(" [")[0] for w in tally.wrongs] == ["pilot", "Officials"]
