"""What changed between two model summaries: layers matched by name, and the totals' delta."""

from __future__ import annotations

from dataclasses import dataclass, field

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
# The layer facts a change is reported on, in the order they are told.
COMPARED = ("type", "output_shape", "params", "non_trainable_params")
TOTALS = ("params", "trainable_params", "non_trainable_params", "bytes")


@dataclass
class LayerChange:
    """One layer that was added, removed or changed; `before`/`after` are LayerSummary or None."""

    name: str
    status: str
    before: object = None
    after: object = None
    fields: list = field(default_factory=list)  # for CHANGED: which of COMPARED differ


@dataclass
class ModelDiff:
    before: object  # ModelSummary
    after: object  # ModelSummary
    changes: list  # LayerChange, in the after model's order, removed layers where they stood
    unchanged: int

    def delta(self, total):
        """after − before for one of TOTALS."""
        return getattr(self.after.totals, total) - getattr(self.before.totals, total)

    @property
    def identical(self):
        return not self.changes and all(self.delta(t) == 0 for t in TOTALS)


def diff_summaries(before, after):
    """Compare two ModelSummary objects layer by layer (top-level layers, matched by name)."""
    old = {layer.name: layer for layer in before.layers}
    new = {layer.name: layer for layer in after.layers}
    changes = []
    unchanged = 0
    for name in merged_order(list(old), list(new)):
        if name not in new:
            changes.append(LayerChange(name, REMOVED, before=old[name]))
        elif name not in old:
            changes.append(LayerChange(name, ADDED, after=new[name]))
        else:
            fields = [f for f in COMPARED if _fact(old[name], f) != _fact(new[name], f)]
            if fields:
                changes.append(LayerChange(name, CHANGED, old[name], new[name], fields))
            else:
                unchanged += 1
    return ModelDiff(before, after, changes, unchanged)


def _fact(layer, name):
    value = getattr(layer, name)
    return _plain_shape(value) if name == "output_shape" else value


def _plain_shape(shape):
    if isinstance(shape, list):
        return [_plain_shape(s) for s in shape]
    return tuple(None if d is None else int(d) for d in shape)


def merged_order(old, new):
    """Every name once: the new model's order, with removed layers kept where they stood."""
    import difflib

    kept = set(new)
    order = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        order += [name for name in old[i1:i2] if name not in kept]
        order += new[j1:j2]
    return order
