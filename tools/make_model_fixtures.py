"""Regenerate tests/fixtures/torch_models/*.json: the PyTorch sample models, built in torch.

Each sample_configs/torch_*.yaml model is written out below as the torch.nn code a
user would write, with modules named as the sample names its layers. This script
builds it, runs it once and records what torch and torchinfo report:

  params, trainable_params, non_trainable_params   sums of numel over parameters()
  buffers                                          sum of numel over buffers()
  parameters   [[name, shape, trainable]] from named_parameters(), in order
  buffer_list  [[name, shape, dtype]] from named_buffers(), in order
  output_shapes  {module path: shape of its (first) output tensor}, batch axis null,
                 from forward hooks; a module called again (torchvision's BasicBlock
                 calls self.relu twice) has its n-th later call as "<path>_<n>";
                 tensor operations that are not modules (out + identity,
                 out[:, -1]) are recorded by op() under "<module path>.<op name>",
                 the names the sample gives them
  torchinfo    {total_params, trainable_params} from torchinfo.summary
  macs         FlopCounterMode's FLOPs / 2 of one forward pass at batch 1 (paramsum's
               --batch-size 1), with oneDNN off (its LSTM kernel is invisible to the
               counter), the math kernel for attention and grad enabled (no fused fast path)
  module_macs  {module path: its MACs, sublayers included} for every module with MACs

Run it with a Python that has torch and torchinfo (paramsum's tests need neither):

    python tools/make_model_fixtures.py            # write every fixture
    python tools/make_model_fixtures.py --check    # exit 1 when one is stale
"""

import argparse
import json
import sys
from pathlib import Path

import torch
import torchinfo
from torch import nn

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "tests" / "fixtures" / "torch_models"
BATCH = 2
MODULE_PATHS = {}  # id(module) → its path in the model, while output_shapes() runs
OP_SHAPES = {}


def op(module, name, tensor):
    """A tensor operation inside module's forward(): its output shape is recorded as '<module path>.<name>'."""
    if id(module) in MODULE_PATHS:
        path = MODULE_PATHS[id(module)]
        OP_SHAPES[f"{path}.{name}" if path else name] = [None] + list(tensor.shape[1:])
    return tensor


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10),
    ), torch.randn(BATCH, 1, 28, 28)


class BasicBlock(nn.Module):
    """torchvision.models.resnet.BasicBlock."""

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(op(self, "add", out + identity))


class ResNetStage(nn.Module):
    def __init__(self):
        super().__init__()
        downsample = nn.Sequential(nn.Conv2d(64, 128, 1, stride=2, bias=False), nn.BatchNorm2d(128))
        self.layer2 = nn.Sequential(BasicBlock(64, 128, 2, downsample), BasicBlock(128, 128))

    def forward(self, x):
        return self.layer2(x)


def resnet18_layer2():
    return ResNetStage(), torch.randn(BATCH, 64, 56, 56)


class LSTMClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20000, 128, padding_idx=0)
        self.embedding.weight.requires_grad_(False)  # pretrained, frozen
        self.lstm = nn.LSTM(128, 256, num_layers=2, bidirectional=True, batch_first=True, dropout=0.3)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(512, 5)

    def forward(self, tokens):
        out, _ = self.lstm(self.embedding(tokens))
        return self.fc(self.dropout(op(self, "last_step", out[:, -1])))


def lstm_classifier():
    return LSTMClassifier(), torch.randint(0, 20000, (BATCH, 200))


class TransformerClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(8000, 128)
        layer = nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, dropout=0.1, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, 4, norm=nn.LayerNorm(128), enable_nested_tensor=False)
        self.head = nn.Linear(128, 4)

    def forward(self, tokens):
        return self.head(self.encoder(self.embedding(tokens)))


def transformer_encoder():
    return TransformerClassifier(), torch.randint(0, 8000, (BATCH, 64))


MODELS = {  # fixture name → (sample file, builder)
    "lenet5": ("sample_configs/torch_lenet5.yaml", lenet5),
    "resnet18_layer2": ("sample_configs/torch_resnet_stage.yaml", resnet18_layer2),
    "lstm_classifier": ("sample_configs/torch_lstm_classifier.yaml", lstm_classifier),
    "transformer_encoder": ("sample_configs/torch_transformer_encoder.yaml", transformer_encoder),
}


def first_tensor(value):
    while isinstance(value, (tuple, list)):
        value = value[0]
    return value


def output_shapes(model, x):
    shapes = {}
    calls = {}

    def hook(name):
        def record(module, args, output):
            calls[name] = calls.get(name, -1) + 1
            key = f"{name}_{calls[name]}" if calls[name] else name
            shapes[key] = [None] + list(first_tensor(output).shape[1:])
        return record

    handles = [m.register_forward_hook(hook(n)) for n, m in model.named_modules() if n]
    MODULE_PATHS.update({id(m): n for n, m in model.named_modules()})
    OP_SHAPES.clear()
    try:
        with torch.no_grad():
            model(x)
    finally:
        MODULE_PATHS.clear()
        for handle in handles:
            handle.remove()
    return {**shapes, **OP_SHAPES}


def flop_counts(model, x):
    """(total MACs, {module path: MACs}) of one forward pass on the first sample of x."""
    from torch.nn.attention import SDPBackend, sdpa_kernel
    from torch.utils.flop_counter import FlopCounterMode

    counter = FlopCounterMode(display=False, depth=None)
    with torch.backends.mkldnn.flags(enabled=False), sdpa_kernel(SDPBackend.MATH), counter:
        model(x[:1])  # grad enabled: nn.TransformerEncoder's fast path is not taken
    modules = {path.split(".", 1)[1]: sum(counts.values()) // 2  # without the model's own class name
               for path, counts in sorted(counter.get_flop_counts().items()) if "." in path and sum(counts.values())}
    return counter.get_total_flops() // 2, modules


def describe(name, sample, build):
    torch.manual_seed(0)
    model, x = build()
    model.eval()
    params = list(model.named_parameters())
    buffers = list(model.named_buffers())
    stats = torchinfo.summary(model, input_data=[x], verbose=0)
    return {
        "name": name,
        "sample": sample,
        "params": sum(p.numel() for _, p in params),
        "trainable_params": sum(p.numel() for _, p in params if p.requires_grad),
        "non_trainable_params": sum(p.numel() for _, p in params if not p.requires_grad),
        "buffers": sum(b.numel() for _, b in buffers),
        "parameters": [[n, list(p.shape), p.requires_grad] for n, p in params],
        "buffer_list": [[n, list(b.shape), str(b.dtype).replace("torch.", "")] for n, b in buffers],
        "output_shapes": output_shapes(model, x),
        "torchinfo": {"total_params": int(stats.total_params), "trainable_params": int(stats.trainable_params)},
        **dict(zip(("macs", "module_macs"), flop_counts(model, x))),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a fixture is stale")
    opts = ap.parse_args(argv)
    stale = []
    for name, (sample, build) in MODELS.items():
        text = json.dumps(describe(name, sample, build), indent=1) + "\n"
        dest = OUT_DIR / f"{name}.json"
        if opts.check:
            if not dest.exists() or dest.read_text() != text:
                stale.append(dest)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text)
        print(f"{dest.relative_to(REPO)} written", file=sys.stderr)
    if stale:
        sys.exit("stale: " + ", ".join(str(p.relative_to(REPO)) for p in stale))


if __name__ == "__main__":
    main()
