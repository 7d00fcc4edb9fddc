"""What a class inherits from everything above it, computed once per class (memoised, cycle-safe).

The direct-edge layer gives each CALCO class the edges of all its CALCO superclasses, and KGX gives
a CALCO term the Biolink category of its nearest reused ancestors. Walking each class's whole
ancestry afresh costs depth x terms set operations and repeats every shared upper part of the
hierarchy; here each class's answer is the union of its parents' answers, computed once, and a
class whose parents add nothing shares its parent's (immutable) set. Subclass cycles (which the
shapes refuse in CALCO, but a reasoner's equivalences can still close) are handled as strongly
connected components (Tarjan): every member of a cycle is above every other and itself.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Generic, TypeVar

Node = TypeVar("Node", bound=Hashable)
Value = TypeVar("Value", bound=Hashable)
EMPTY: frozenset[object] = frozenset()


class Upward(Generic[Node, Value]):
    """``above(node)``: the union of ``gives(a)`` over every ``a`` reachable from ``node`` by one or more parent steps."""

    def __init__(self, parents: Mapping[Node, Iterable[Node]], gives: Callable[[Node], frozenset[Value]]) -> None:
        self.parents = parents
        self.gives = gives
        self._done: dict[Node, frozenset[Value]] = {}

    def __call__(self, node: Node) -> frozenset[Value]:
        found = self._done.get(node)
        if found is None:
            self._solve(node)
            found = self._done[node]
        return found

    def _solve(self, start: Node) -> None:
        """Tarjan's algorithm from ``start``, iteratively: each component is finished after all above it."""
        done, parents = self._done, self.parents
        number: dict[Node, int] = {}
        low: dict[Node, int] = {}
        stack: list[Node] = []
        on_stack: set[Node] = set()
        work: list[tuple[Node, Iterator[Node]]] = [(start, iter(parents.get(start, ())))]
        number[start] = low[start] = 0
        stack.append(start)
        on_stack.add(start)
        while work:
            node, pending = work[-1]
            descended = False
            for parent in pending:
                if parent in done:
                    continue
                if parent not in number:
                    number[parent] = low[parent] = len(number)
                    stack.append(parent)
                    on_stack.add(parent)
                    work.append((parent, iter(parents.get(parent, ()))))
                    descended = True
                    break
                if parent in on_stack and number[parent] < low[node]:
                    low[node] = number[parent]
            if descended:
                continue
            work.pop()
            if work and low[node] < low[work[-1][0]]:
                low[work[-1][0]] = low[node]
            if low[node] == number[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                self._finish(component)

    def _finish(self, component: list[Node]) -> None:
        """One component's answer: what its members' parents give, and what is above those parents."""
        members = set(component)
        parts: list[frozenset[Value]] = []
        for member in component:
            for parent in self.parents.get(member, ()):
                parts.append(self.gives(parent))
                if parent not in members:
                    parts.append(self._done[parent])
        value = _union(parts)
        for member in component:
            self._done[member] = value


def _union(parts: list[frozenset[Value]]) -> frozenset[Value]:
    """The union of ``parts``, reusing one of them when it already holds the others (the common case)."""
    result: frozenset[Value] | None = None
    for part in parts:
        if not part or part is result:
            continue
        if result is None or result <= part:
            result = part
        elif not part <= result:
            result = result | part
    return result if result is not None else EMPTY  # type: ignore[return-value]
