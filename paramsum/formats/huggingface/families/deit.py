"""deit (configuration_deit.py, modeling_deit.py): ViT's blocks with a distillation token after [CLS]."""

from ..family import Family
from ..vision import ViTBody, image_classifier, masked_image_decoder, teacher_classifiers
from .vit import CONFIG, block  # DeiTConfig has ViTConfig's fields and defaults; DeiTLayer is ViTLayer

HEADS = {"ForImageClassification": image_classifier(), "ForImageClassificationWithTeacher": teacher_classifiers(),
         "ForMaskedImageModeling": masked_image_decoder(skip=2)}
FAMILY = Family("deit", "DeiT", CONFIG, ViTBody(block, tokens=("cls_token", "distillation_token")), HEADS)
