"""Writes this folder's model.pt: a toy TorchScript text classifier (NOT a trained model).

Run it with an interpreter that has PyTorch, e.g. Debian's:  /usr/bin/python3 make_model.py [out.pt]
(default out: model.pt next to this script). The weights are fixed by formula, not random, so
every machine writes the same model. Input (the pytorch-inference worker's convention): the
prompt's UTF-8 bytes / 255, zero-padded to 16, shape (1, 16). Output: (1, 4) softmax scores
over the manifest's labels.
"""
import os
import sys

import torch


class TinyTextClassifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(16, 4)
        with torch.no_grad():
            self.linear.weight.copy_(torch.cos(torch.arange(64, dtype=torch.float32).reshape(4, 16) * 0.7) * 3.0)
            self.linear.bias.copy_(torch.tensor([0.1, -0.2, 0.3, -0.4]))

    def forward(self, x):
        return torch.softmax(self.linear(x), dim=1)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.pt")
    torch.jit.save(torch.jit.script(TinyTextClassifier()), out)
