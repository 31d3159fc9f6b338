# Reads `moe export --tensorboard` output with TensorBoard's own reader (EventAccumulator, which checks the TFRecord
# CRCs) and prints every scalar tag (points, step range, last value) and image tag (count, size).
# usage: /usr/bin/python3 docs/bench/tensorboard_check.py DIR/<run id> ...   (pip install tensorboard)
import sys
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
for run in sys.argv[1:]:
    events = EventAccumulator(run, size_guidance={'scalars': 0, 'images': 0})
    events.Reload()
    tags = events.Tags()
    print(run, "scalars:", len(tags['scalars']), "images:", len(tags['images']))
    for tag in sorted(tags['scalars']):
        points = events.Scalars(tag)
        print(f"  {tag}: {len(points)} points, step {points[0].step}..{points[-1].step}, last {points[-1].value:.4f}")
    for tag in sorted(tags['images']):
        images = events.Images(tag)
        print(f"  image {tag}: {len(images)} x {images[-1].width}x{images[-1].height}")
