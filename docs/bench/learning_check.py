"""Learning check: the same data for `moe bench --data` and the PyTorch twin, and the twin's loss curve.

  /usr/bin/python3 docs/bench/learning_check.py data  /tmp/lc        # writes /tmp/lc.images.f32, /tmp/lc.labels.i32
  /usr/bin/python3 docs/bench/learning_check.py torch /tmp/lc CONFIG STEPS BATCH > torch.csv
  /usr/bin/python3 docs/bench/learning_check.py compare nd4j.csv torch.csv

The data: 10 classes, each a fixed random low-frequency 3x32x32 pattern at 0.2 of the noise level, plus unit
Gaussian pixel noise, 1024 images (learnable, but it takes tens of steps). Both sides use the batches in file order, in turn. The twin is
shared/bench/reference_model.py's model, AdamW lr 1e-3 wd 0.05, balancing loss weight 0.01, as `moe bench`.
"""
import csv, os, statistics, sys

import numpy as np

N, CLASSES = 1024, 10


def write_data(prefix):
    rng = np.random.default_rng(2024)
    coarse = rng.normal(size=(CLASSES, 3, 4, 4)).astype(np.float32)
    patterns = coarse.repeat(8, axis=2).repeat(8, axis=3)            # low-frequency class patterns
    labels = rng.integers(0, CLASSES, size=N).astype(np.int32)
    images = 0.2 * patterns[labels] + rng.normal(size=(N, 3, 32, 32)).astype(np.float32)
    images.astype('<f4').tofile(prefix + ".images.f32")
    labels.astype('<i4').tofile(prefix + ".labels.i32")


def torch_losses(prefix, config, steps, batch):
    sys.path.insert(0, os.environ.get("REFERENCE_MODEL_DIR", "/work/shared/bench"))
    import torch, torch.nn.functional as F
    import reference_model as rm
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    images = torch.from_numpy(np.fromfile(prefix + ".images.f32", dtype='<f4').reshape(-1, 3, 32, 32))
    labels = torch.from_numpy(np.fromfile(prefix + ".labels.i32", dtype='<i4').astype(np.int64))
    batches = [(images[s:s + batch], labels[s:s + batch]) for s in range(0, len(labels) - batch + 1, batch)]
    experts, k = rm.CONFIGS[config]
    torch.manual_seed(0)
    model = rm.ConvNextAtto32(experts, k)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    print("config,step,loss")
    for i in range(steps):
        x, y = batches[i % len(batches)]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y) + rm.AUX_WEIGHT * model.aux_loss()
        loss.backward()
        opt.step()
        print(f"{config},{i + 1},{loss.item()}", flush=True)


def compare(a_file, b_file, window=10):
    def read(f):
        rows = {}
        for r in csv.DictReader(open(f)):
            rows.setdefault(r["config"], []).append(float(r["loss"]))
        return rows
    a, b = read(a_file), read(b_file)
    for config in a:
        if config not in b:
            continue
        n = min(len(a[config]), len(b[config]))
        print(f"{config}: mean loss over windows of {window} steps (nd4j / torch)")
        for s in range(0, n - window + 1, window):
            print(f"  steps {s + 1:4d}-{s + window:4d}  {statistics.mean(a[config][s:s + window]):.3f}"
                  f"  {statistics.mean(b[config][s:s + window]):.3f}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "data":
        write_data(sys.argv[2])
    elif cmd == "torch":
        torch_losses(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    elif cmd == "compare":
        compare(sys.argv[2], sys.argv[3])
