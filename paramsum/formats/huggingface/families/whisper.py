"""whisper (configuration_whisper.py, modeling_whisper.py): a BART-like encoder-decoder (pre-norm, k_proj without
bias, final layer_norms) whose encoder reads log-mel features through two convolutions and a frozen position table;
no shared embedding: proj_out is tied to the decoder's embed_tokens."""

from ....errors import ParamsumError
from ..config import ConfigClass
from ..family import Family
from ..seq2seq import LAYER_NORM, EncoderDecoder, Task, bart_stacks, lm_head

CONFIG = ConfigClass(
    {"vocab_size": 51865, "num_mel_bins": 80, "encoder_layers": 4, "encoder_attention_heads": 6, "decoder_layers": 4,
     "decoder_attention_heads": 6, "decoder_ffn_dim": 1536, "encoder_ffn_dim": 1536, "d_model": 384,
     "max_source_positions": 1500, "max_target_positions": 448, "pad_token_id": 50256, "tie_word_embeddings": True,
     "classifier_proj_size": 256, "use_weighted_layer_sum": False},
    {"num_key_value_heads": "encoder_attention_heads", "num_attention_heads": "encoder_attention_heads",
     "hidden_size": "d_model", "num_hidden_layers": "encoder_layers"})


def convolutions(rows, c, path, x):  # conv1 (stride 1) then conv2 (stride 2): 2 × max_source_positions frames → max
    size = c.size("d_model")
    x = rows.add(f"{path}.conv1", "Conv1d", x, in_channels=c.size("num_mel_bins"), out_channels=size, kernel_size=3,
                 padding=1)
    return rows.add(f"{path}.conv2", "Conv1d", x, in_channels=size, out_channels=size, kernel_size=3, stride=2,
                    padding=1)


def positions(c, stack):
    if stack == "encoder":  # an nn.Embedding without gradient, all of it added to the frames; sinusoids need
        if c.size("d_model") % 2:  # an even width (the model refuses an odd one when it fills the table)
            raise ParamsumError("d_model must be divisible by 2 for Whisper's sinusoidal positions; "
                                f"received: d_model={c.size('d_model')}")
        return {"num_embeddings": c.count("max_source_positions"), "_freeze": True, "lookup": "range"}
    return {"module": "WhisperPositionalEmbedding", "num_embeddings": c.count("max_target_positions")}


def features(c):  # log-mel frames: 2 × max_source_positions of them
    return "input_features", [c.size("num_mel_bins"), 2 * c.size("max_source_positions")]


STACKS = bart_stacks("Whisper", positions, final_norm=lambda c: LAYER_NORM, k_bias=False, encoder={
    "embed": lambda c: None, "frontend": convolutions, "channels_first": True, "input": features})


def audio_classifier(rows, c, x, arch, embed):
    """layer_weights (use_weighted_layer_sum: one per encoder output), projector, classifier on the mean over
    frames (a (N, labels) output)."""
    if c.flag("use_weighted_layer_sum"):
        rows.part("layer_weights", "Parameter", x, shape=[c.depth("encoder_layers") + 1])
    x = rows.linear("projector", x, c.size("d_model"), c.size("classifier_proj_size"))
    rows.linear("classifier", x, c.size("classifier_proj_size"), c.num_labels, first_token=True)


HEADS = {"ForConditionalGeneration": lm_head("proj_out"), "ForCausalLM": lm_head("proj_out", stacks=("decoder",)),
         "ForAudioClassification": Task(audio_classifier, body="", stacks=("encoder",))}

FAMILY = Family("whisper", "Whisper", CONFIG, EncoderDecoder(*STACKS), HEADS,
                encoder_length=lambda c: c.size("max_source_positions"))  # conv2 halves the 2 × frames
