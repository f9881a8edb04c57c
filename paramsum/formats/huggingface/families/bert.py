"""bert (configuration_bert.py, modeling_bert.py): embeddings, encoder.layer blocks, a pooler, the BERT heads."""

from ..config import ConfigClass, divisible, steps
from ..family import Family
from ._bertlike import Encoder, bert_block, bert_embeddings, cross_attention_needs_decoder, linear, lm_head

CONFIG = ConfigClass(
    {"vocab_size": 30522, "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12,
     "intermediate_size": 3072, "max_position_embeddings": 512, "type_vocab_size": 2, "is_decoder": False,
     "add_cross_attention": False, "tie_word_embeddings": True},
    derive=steps(divisible("hidden_size", "num_attention_heads"), cross_attention_needs_decoder))
MLM = lm_head("cls", "BertOnlyMLMHead", "predictions.transform.dense", "predictions.transform.LayerNorm",
              "predictions.decoder", "predictions.bias")
NSP = linear("cls.seq_relationship", labels=2, pooled=True)
HEADS = {"ForMaskedLM": MLM, "ForSequenceClassification": linear("classifier", pooled=True),
         "ForTokenClassification": linear("classifier"), "ForQuestionAnswering": linear("qa_outputs"),
         "ForMultipleChoice": linear("classifier", 1, pooled=True),
         "ForPreTraining": lm_head("cls.predictions", "BertLMPredictionHead", "transform.dense",
                                   "transform.LayerNorm", then=NSP),
         "ForNextSentencePrediction": NSP, "LMHeadModel": MLM}

FAMILY = Family("bert", "Bert", CONFIG, Encoder("bert", bert_embeddings, bert_block), HEADS)
