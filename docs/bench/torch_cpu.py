"""CPU seconds per training step of the PyTorch twin (shared/bench/reference_model.py), the figure `moe bench`
prints as cpuSecondsPerStep: process CPU time hardly changes when other processes share the cores, wall time does.

  OMP_NUM_THREADS=1 /usr/bin/python3 docs/bench/torch_cpu.py [--threads 1] [--warmup 1] [--steps 3] [CONFIG ...]
Prints one JSON object per config: {name, stepSeconds, cpuSecondsPerStep, imagesPerSecond}.
"""
import argparse, json, os, statistics, sys, time

sys.path.insert(0, os.environ.get("REFERENCE_MODEL_DIR", "/work/shared/bench"))
import torch
import torch.nn.functional as F
import reference_model as rm


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("configs", nargs="*", default=list(rm.CONFIGS))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    for name in args.configs:
        experts, k = rm.CONFIGS[name]
        torch.manual_seed(0)
        model = rm.ConvNextAtto32(experts, k)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
        gen = torch.Generator().manual_seed(1)
        batches = [(torch.randn(rm.BATCH, 3, 32, 32, generator=gen),
                    torch.randint(0, rm.CLASSES, (rm.BATCH,), generator=gen)) for _ in range(4)]
        wall, cpu = [], []
        for i in range(args.warmup + args.steps):
            x, y = batches[i % len(batches)]
            w0, c0 = time.perf_counter(), time.process_time()
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y) + rm.AUX_WEIGHT * model.aux_loss()
            loss.backward()
            opt.step()
            if i >= args.warmup:
                wall.append(time.perf_counter() - w0)
                cpu.append(time.process_time() - c0)
        step = statistics.median(wall)
        print(json.dumps({"name": name, "stepSeconds": step, "cpuSecondsPerStep": statistics.median(cpu),
                          "imagesPerSecond": rm.BATCH / step}), flush=True)


if __name__ == "__main__":
    main()
