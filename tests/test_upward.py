"""``Upward`` answers what a walk up every class's whole ancestry answers, on graphs with cycles too."""

from __future__ import annotations

import random

from calco.export.upward import Upward


def _walk_up(start: int, parents: dict[int, list[int]]) -> set[int]:
    """Everything reachable from ``start`` by one or more parent steps (the naive answer)."""
    seen: set[int] = set()
    stack = list(parents.get(start, ()))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(parents.get(node, ()))
    return seen


def test_memoised_answers_equal_the_walk_up_each_ancestry() -> None:
    rng = random.Random(20)
    for trial in range(200):
        size = rng.randint(1, 40)
        parents = {n: rng.sample(range(size), rng.randint(0, min(3, size))) for n in range(size)}  # cycles, self-loops, diamonds
        marked = {n for n in range(size) if rng.random() < 0.4}
        above = Upward(parents, lambda n, marked=marked: frozenset((n,)) if n in marked else frozenset())
        for node in rng.sample(range(size), size):  # any order of questions
            assert above(node) == _walk_up(node, parents) & marked, (trial, node, parents)


def test_a_class_whose_parents_add_nothing_shares_its_parents_answer() -> None:
    parents = {3: [2], 2: [1], 1: [0]}
    above = Upward(parents, lambda n: frozenset(("root",)) if n == 0 else frozenset())
    assert above(3) is above(2) is above(1) == {"root"}
    assert above(0) == frozenset()
