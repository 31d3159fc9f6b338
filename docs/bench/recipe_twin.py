# The default config's ConvNeXt (dense MLP) in PyTorch, and recipe variants, on an exported sample set or Fashion-MNIST:
# a fast way to try a recipe before changing the engine (docs/bench.md, "Default run accuracy").
# usage: /usr/bin/python3 docs/bench/recipe_twin.py DATA EPOCHS LAYER_SCALE LR BATCH WEIGHT_DECAY [cnn]
#   DATA: a folder from `moe data export-sample` (tags.csv + images) or /usr/share/datasets/fashion-mnist (resized to 32)
#   env: DIMS="[24,48,96,192]" DEPTHS="[1,1,3,1]" K=7 STEM=patch2|patch4|patch1|over3|over4|conv|conv2 DOWN=patch2|over3
#        NORM=ln|bn AUG=1|0 (flip + reflect-pad crop, CROP=4 pixels) DENSE=1 (full instead of depthwise convolutions)
#        INIT=tn02 (every conv / linear weight truncated normal std 0.02, the engine's old init; default: PyTorch's)
#        THREADS=2 CNN=1 (or a trailing `cnn`: a 6-layer 3x3 CNN with batch norm)
# One-cycle AdamW, label smoothing 0.1 (LSM=0 for none), 2 threads; prints test accuracy after each epoch.
import os, sys, csv, time, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
from PIL import Image
torch.set_num_threads(int(os.environ.get("THREADS", "2"))); torch.manual_seed(0)
root = sys.argv[1]; epochs = int(sys.argv[2]); ls = float(sys.argv[3]); lr = float(sys.argv[4]); B = int(sys.argv[5]); WD = float(sys.argv[6])
if root.endswith("fashion-mnist"):
    import gzip
    def idx(p, off): return np.frombuffer(gzip.open(root + "/" + p).read(), np.uint8, offset=off)
    Xtr = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28); Xte = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)
    X = torch.tensor(np.concatenate([Xtr, Xte])).float() / 255
    X = F.interpolate(X, size=(32, 32), mode="bilinear", align_corners=False)
    m = X.mean((0, 2, 3), keepdim=True); s = X.std((0, 2, 3), keepdim=True); X = (X - m) / s
    Y = torch.tensor(np.concatenate([idx("train-labels-idx1-ubyte.gz", 8), idx("t10k-labels-idx1-ubyte.gz", 8)]).astype(np.int64))
    tr = list(range(54000)); te = list(range(60000, 70000)); classes = list(range(10))
else:
    rows = list(csv.DictReader(open(root + '/tags.csv')))
    classes = sorted(set(r['class'] for r in rows)); ci = {c: i for i, c in enumerate(classes)}
    X = np.stack([np.asarray(Image.open(root + '/' + r['path']).convert('RGB')) for r in rows]).astype(np.float32) / 255
    X = torch.tensor(X).permute(0, 3, 1, 2); m = X.mean((0, 2, 3), keepdim=True); s = X.std((0, 2, 3), keepdim=True); X = (X - m) / s
    Y = torch.tensor([ci[r['class']] for r in rows]); split = [r['split'] for r in rows]
    tr = [i for i, sp in enumerate(split) if sp == 'train']; te = [i for i, sp in enumerate(split) if sp == 'test']
print(len(tr), len(te), classes)
class LN(nn.Module):
    def __init__(s, d): super().__init__(); s.n = nn.LayerNorm(d, eps=1e-6)
    def forward(s, x): return s.n(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
class Block(nn.Module):
    def __init__(s, d):
        super().__init__(); s.dw = nn.Conv2d(d, d, K, padding=K // 2, groups=(1 if os.environ.get('DENSE','0')=='1' else d)); s.n = nn.LayerNorm(d, eps=1e-6); s.bn = nn.BatchNorm2d(d) if NORM == 'bn' else None
        s.f1 = nn.Linear(d, 4 * d); s.f2 = nn.Linear(4 * d, d); s.g = nn.Parameter(torch.full((d,), ls))
    def forward(s, x):
        if s.bn is not None: y = s.bn(s.dw(x)).permute(0, 2, 3, 1); y = s.g * s.f2(F.gelu(s.f1(y)))
        else: y = s.dw(x).permute(0, 2, 3, 1); y = s.g * s.f2(F.gelu(s.f1(s.n(y))))
        return x + y.permute(0, 3, 1, 2)
import os; dims = eval(os.environ.get("DIMS", "[24, 48, 96, 192]")); depths = eval(os.environ.get("DEPTHS", "[1, 1, 3, 1]")); K = int(os.environ.get("K", "7")); NORM = os.environ.get("NORM", "ln")
STEM = os.environ.get("STEM", "patch2"); DOWN = os.environ.get("DOWN", "patch2")
class CL(nn.Module):
    def __init__(s, d): super().__init__(); s.n = LN(d)
    def forward(s, x): return F.gelu(s.n(x))
C0 = X.shape[1]; H0 = dims[0] // 2
convstem = nn.Sequential(nn.Conv2d(C0, H0, 3, 1, 1), CL(H0), nn.Conv2d(H0, dims[0], 3, 2, 1))
convstem2 = nn.Sequential(nn.Conv2d(C0, H0, 3, 1, 1), CL(H0), nn.Conv2d(H0, H0, 3, 1, 1), CL(H0), nn.Conv2d(H0, dims[0], 3, 2, 1))
stem = {"conv": convstem, "conv2": convstem2, "patch2": nn.Conv2d(X.shape[1], dims[0], 2, 2), "patch4": nn.Conv2d(X.shape[1], dims[0], 4, 4), "over3": nn.Conv2d(X.shape[1], dims[0], 3, 2, 1), "over4": nn.Conv2d(X.shape[1], dims[0], 4, 2, 1), "patch1": nn.Conv2d(X.shape[1], dims[0], 1, 1)}[STEM]
layers = [stem, LN(dims[0])]
for i, (d, n) in enumerate(zip(dims, depths)):
    if i: layers += [LN(dims[i - 1]), nn.Conv2d(dims[i - 1], d, 2, 2) if DOWN == "patch2" else nn.Conv2d(dims[i - 1], d, 3, 2, 1)]
    layers += [Block(d) for _ in range(n)]
net = nn.Sequential(*layers); head = nn.Sequential(nn.LayerNorm(dims[-1]), nn.Linear(dims[-1], 10))
if os.environ.get("CNN") == "1" or (len(sys.argv) > 7 and sys.argv[7] == "cnn"):
    def cb(i, o): return [nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU()]
    net = nn.Sequential(*cb(X.shape[1], 32), *cb(32, 32), nn.MaxPool2d(2), *cb(32, 64), *cb(64, 64), nn.MaxPool2d(2), *cb(64, 128), *cb(128, 128), nn.MaxPool2d(2))
    head = nn.Sequential(nn.Linear(128, 10))
if os.environ.get('INIT') == 'tn02':
    for mod in list(net.modules()) + list(head.modules()):
        if isinstance(mod, (nn.Conv2d, nn.Linear)):
            nn.init.trunc_normal_(mod.weight, std=.02, a=-.04, b=.04)
            if mod.bias is not None: nn.init.zeros_(mod.bias)
params = list(net.parameters()) + list(head.parameters())
opt = torch.optim.AdamW(params, lr=lr, weight_decay=WD)
steps = epochs * (len(tr) // B); sched = torch.optim.lr_scheduler.OneCycleLR(opt, lr, total_steps=steps + 10, pct_start=0.1, anneal_strategy='cos')
def fwd(x): return head(net(x).mean((2, 3)))
t0 = time.time()
for ep in range(epochs):
    net.train(); head.train(); perm = torch.tensor(tr)[torch.randperm(len(tr))]; tl = 0; nb = 0
    for b in range(len(tr) // B):
        idx = perm[b * B:(b + 1) * B]; x = X[idx]
        if os.environ.get("AUG", "1") == "1":  # flip + crop pad 4 (reflect)
            flip = torch.rand(len(idx)) < 0.5; x = torch.where(flip[:, None, None, None], x.flip(3), x)
            P = int(os.environ.get('CROP', '4')); S = x.shape[-1]; x = F.pad(x, (P, P, P, P), mode='reflect'); dx, dy = np.random.randint(0, 2 * P + 1, 2); x = x[:, :, dy:dy + S, dx:dx + S]
        loss = F.cross_entropy(fwd(x), Y[idx], label_smoothing=float(os.environ.get("LSM", "0.1"))); opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        tl += loss.item(); nb += 1
    net.eval(); head.eval()
    with torch.no_grad():
        acc = sum((fwd(X[te[i:i + 500]]).argmax(1) == Y[te[i:i + 500]]).sum().item() for i in range(0, len(te), 500)) / len(te)
    print(f'epoch {ep + 1} train loss {tl / nb:.3f} test acc {acc:.4f} {time.time() - t0:.0f}s', flush=True)
