package org.moeworkbench.plots;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.moeworkbench.engine.analysis.Percent;
import org.moeworkbench.engine.train.WhatIf;
import org.moeworkbench.plots.Figure.Axis;
import org.moeworkbench.plots.Figure.Series;

/** Figures of a what-if routing result ({@code moe whatif}, the run view's What-if tab). */
public final class WhatIfFigures {

    private WhatIfFigures() {}

    /** Expert load per MoE layer, as trained and with the change side by side (bars per expert). */
    public static Figure load(WhatIf.Result result) {
        List<Series> series = new ArrayList<>();
        int experts = 0;
        List<WhatIf.LayerLoad> before = result.unchanged().layers();
        List<WhatIf.LayerLoad> after = result.changed().layers();
        for (int i = 0; i < after.size(); i++) {
            series.add(Series.bars(
                    "block " + before.get(i).block() + " as trained",
                    Percent.of(before.get(i).load())));
            series.add(Series.bars(
                    "block " + after.get(i).block() + " what-if",
                    Percent.of(after.get(i).load())));
            experts = Math.max(experts, after.get(i).load().length);
        }
        return Figure.bars(
                "whatif-load",
                "Expert load: as trained and what-if",
                String.format(
                        Locale.ROOT,
                        "%s; %d %s images; accuracy %s -> %s (%s)",
                        result.setting().describe(),
                        result.changed().images(),
                        result.setting().images(),
                        Percent.shortText(result.unchanged().accuracy()),
                        Percent.shortText(result.changed().accuracy()),
                        Percent.signedPoints(result.accuracyDelta())),
                Axis.categories("expert", Figures.expertNames(experts)),
                Axis.of("share of token choices", "%"),
                series);
    }
}
