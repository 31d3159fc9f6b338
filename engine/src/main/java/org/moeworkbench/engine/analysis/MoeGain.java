package org.moeworkbench.engine.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * MoE gain against the dense baseline (Sweet Spot Fig. 4): each MoE run paired with the best dense run of
 * the same backbone (RunSummary.backbone: same dense architecture, data and task).
 *
 * @param moe             the MoE run
 * @param dense           its dense baseline
 * @param denseAccuracy   x: the baseline's accuracy 0..1
 * @param gain            y: MoE accuracy minus dense accuracy (accuracy points 0..1)
 */
public record MoeGain(RunSummary moe, RunSummary dense, double denseAccuracy, double gain) {

    /** One point per MoE run that has a dense run of the same backbone; runs without accuracy are left out. */
    public static List<MoeGain> of(List<RunSummary> runs) {
        List<MoeGain> gains = new ArrayList<>();
        for (RunSummary moe : runs) {
            if (moe.dense() || moe.hardMoe() || Double.isNaN(moe.accuracy())) {
                continue;
            }
            RunSummary baseline = null;
            for (RunSummary d : runs) {
                if (d.dense()
                        && !d.hardMoe()
                        && d.backbone().equals(moe.backbone())
                        && !Double.isNaN(d.accuracy())
                        && (baseline == null || d.accuracy() > baseline.accuracy())) {
                    baseline = d;
                }
            }
            if (baseline != null) {
                gains.add(new MoeGain(moe, baseline, baseline.accuracy(), moe.accuracy() - baseline.accuracy()));
            }
        }
        return gains;
    }
}
