"""Hiding counts so that none can be worked out from the others: the rule, as plain data.

Shared by every report that shows counts of patients (quiz analytics, page feedback).

Every count on screen and in every export is a *cell*. Figures that add up are a *group*:
cells on the left sum to the cells on the right (starts = completions + crisis + everyone who
left; reached = answered + skipped + left; the people who chose "Yes" at one question are the
people shown the question it leads to; the days add up to the range; …).

The rule, applied until nothing changes:

1. *Primary*: a count from 1 to the threshold − 1 (`QUIZ_ANALYTICS_SUPPRESS_BELOW`) is hidden.
2. *Complementary*: in every group holding a hidden count, at least two counts are hidden, and
   if they all sit on one side their sum is at least the threshold. Otherwise the smallest
   shown non-zero count on that side is hidden too (or, failing that, on the other side).
   Zeros are never hidden: hiding a zero protects nothing, as it is the likely guess.
3. *Together*: groups safe one by one can still pin a count down between them, so all groups
   are solved at once (Gaussian elimination); a hidden count they determine gets the smallest
   shown count that frees it hidden too.

So "total minus the shown parts" always leaves two or more unknowns that together make at
least the threshold, and no combination of sums pins a hidden count down. Percentages and the
median follow their counts (disclosure.py).
"""

HIDDEN = "hidden"
_PRIME = 2**61 - 1  # exact enough: these sums have coefficients of ±1


class Cells:
    def __init__(self, threshold: int):
        self.threshold = threshold
        self.values: dict[tuple, int] = {}
        self.groups: list[tuple[tuple, tuple]] = []
        self.hidden: set[tuple] = set()

    def add(self, key: tuple, value: int) -> tuple:
        self.values[key] = value
        return key

    def group(self, left, right) -> None:
        left = tuple(k for k in left if k in self.values)
        right = tuple(k for k in right if k in self.values)
        if left and right:
            self.groups.append((left, right))

    def protect(self) -> set[tuple]:
        self.hidden = {k for k, v in self.values.items() if 0 < v < self.threshold}
        changed = True
        while changed:
            changed = False
            for left, right in self.groups:
                if not self._safe(left, right) and (extra := self._next_to_hide(left, right)):
                    self.hidden.add(extra)
                    changed = True
            if not changed:
                # Each group may be safe alone while two of them combined pin a figure down.
                pinned = self.pinned()
                if pinned:
                    changed = self._unpin(pinned[0])
        return self.hidden

    def _unpin(self, key) -> bool:
        """Hide the smallest shown count that stops `key` being determined (or, if no single one
        does, the smallest that takes part). False when nothing is left to hide."""
        linked, groups, grew = {key}, [], True
        while grew:
            grew = False
            for group in self.groups:
                cells = group[0] + group[1]
                if group not in groups and any(k in linked for k in cells):
                    groups.append(group)
                    linked |= {k for k in cells if k in self.hidden}
                    grew = True
        candidates = sorted(
            {k for g in groups for k in g[0] + g[1] if k not in self.hidden and self.values[k]},
            key=lambda k: (self.values[k], str(k)),
        )
        for candidate in candidates:
            self.hidden.add(candidate)
            if key not in self.pinned():
                return True
            self.hidden.discard(candidate)
        if candidates:
            self.hidden.add(candidates[0])
            return True
        return False

    def pinned(self) -> list[tuple]:
        """Hidden cells that all the groups together determine (Gaussian elimination, mod a large prime)."""
        rows = []
        for left, right in self.groups:
            row, constant = {}, 0
            for sign, side in ((1, left), (-1, right)):
                for key in side:
                    if key in self.hidden:
                        row[key] = (row.get(key, 0) + sign) % _PRIME
                    else:
                        constant -= sign * self.values[key]
            row = {k: v for k, v in row.items() if v}
            if row:
                rows.append(row)
        pivots: list[tuple[tuple, dict]] = []
        for row in rows:
            for key, pivot_row in pivots:
                if key in row:
                    factor = row[key]
                    for k, v in pivot_row.items():
                        row[k] = (row.get(k, 0) - factor * v) % _PRIME
                    row = {k: v for k, v in row.items() if v}
            if not row:
                continue
            key = min(row, key=str)
            inverse = pow(row[key], _PRIME - 2, _PRIME)
            row = {k: v * inverse % _PRIME for k, v in row.items()}
            for i, (other_key, other) in enumerate(pivots):
                if key in other:
                    factor = other[key]
                    merged = {k: (other.get(k, 0) - factor * row.get(k, 0)) % _PRIME for k in other.keys() | row.keys()}
                    pivots[i] = (other_key, {k: v for k, v in merged.items() if v})
            pivots.append((key, row))
        return sorted((key for key, row in pivots if len(row) == 1), key=str)

    def _safe(self, left, right) -> bool:
        hidden_left = [k for k in left if k in self.hidden]
        hidden_right = [k for k in right if k in self.hidden]
        hidden = hidden_left + hidden_right
        if not hidden:
            return True
        if len(hidden) < 2:
            return False
        if hidden_left and hidden_right:
            return True
        return sum(self.values[k] for k in hidden) >= self.threshold

    def _next_to_hide(self, left, right) -> tuple | None:
        side, other = (left, right) if any(k in self.hidden for k in left) else (right, left)
        for cells in (side, other):
            shown = [k for k in cells if k not in self.hidden and self.values[k]]
            if shown:
                return min(shown, key=lambda k: (self.values[k], str(k)))
        return None  # everything non-zero is hidden already: as safe as the group can be

    def show(self, key):
        return HIDDEN if key in self.hidden else self.values[key]

    def percent(self, value, numerator, denominator):
        if numerator in self.hidden or denominator in self.hidden:
            return HIDDEN
        return value
