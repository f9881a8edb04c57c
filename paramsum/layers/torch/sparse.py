"""torch.nn lookup tables: Embedding and EmbeddingBag."""

from __future__ import annotations

from ..args import Arg, boolean, choice, integer, nonneg_int, null, number, optional, positive_int
from ..base import Weight, register
from .common import TorchLayer


class _Table(TorchLayer):
    """A (num_embeddings, embedding_dim) weight looked up by integer indices."""

    num_embeddings = Arg(positive_int)
    embedding_dim = Arg(nonneg_int)
    padding_idx = Arg(optional(integer), None)
    max_norm = Arg(optional(number), None)
    norm_type = Arg(number, 2.0)
    scale_grad_by_freq = Arg(boolean, False)
    sparse = Arg(boolean, False)
    _weight = Arg(null, None)  # torch wants a Tensor of shape (num_embeddings, embedding_dim)
    frozen = False

    def check(self):
        index = self.padding_idx
        if index is not None and not -self.num_embeddings <= index < self.num_embeddings:
            raise self.error(f"padding_idx must be within num_embeddings; received: padding_idx={index}, "
                             f"num_embeddings={self.num_embeddings}", key="padding_idx")

    def make_weights(self, shape):
        return [Weight("weight", (self.num_embeddings, self.embedding_dim), trainable=not self.frozen, table=True)]


@register
class Embedding(_Table):
    """Appends an embedding_dim axis to the index tensor's shape."""

    _freeze = Arg(boolean, False)

    @property
    def frozen(self):
        return self._freeze

    def compute_output_shape(self, shape):
        return shape + (self.embedding_dim,)


@register
class EmbeddingBag(_Table):
    """Reduces each bag (row) of a 2-D (N, bag) index tensor to one embedding: (N, embedding_dim)."""

    mode = Arg(choice("sum", "mean", "max", lower=False), "mean")
    include_last_offset = Arg(boolean, False)

    def compute_output_shape(self, shape):
        if len(shape) != 2:
            raise self.shape_error(shape, "expected a 2-D (N, bag size) input; 1-D inputs need offsets")
        return (shape[0], self.embedding_dim)
