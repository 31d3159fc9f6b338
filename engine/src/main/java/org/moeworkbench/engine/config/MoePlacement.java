package org.moeworkbench.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which blocks get an MoE layer, as global 0-based block indices (Sweet Spot section 4.2):
 * {@code every2} every second block (1, 3, 5, ...); {@code last2} the last block of each of the last two
 * stages (isotropic / ViT: the last two blocks); {@code last3} Last 2 plus the middle block of the
 * third stage (isotropic / ViT: the last three blocks); {@code stage} the last block of every stage;
 * {@code blocks} the explicit list.
 */
public final class MoePlacement {
    private MoePlacement() {
    }

    /** The MoE block indices in ascending order; empty for a dense model. */
    public static List<Integer> blocks(ModelConfig model, MoeConfig moe) {
        if (!moe.enabled()) {
            return List.of();
        }
        int total = model.blockCount();
        List<Integer> stageEnds = new ArrayList<>();
        List<Integer> stageStarts = new ArrayList<>();
        int start = 0;
        for (int depth : model.depths()) {
            stageStarts.add(start);
            start += depth;
            stageEnds.add(start - 1);
        }
        TreeSet<Integer> chosen = new TreeSet<>();
        switch (moe.placement()) {
            case "every2" -> {
                for (int i = 1; i < total; i += 2) {
                    chosen.add(i);
                }
            }
            case "last2" -> addLast(chosen, model, stageEnds, 2);
            case "last3" -> {
                addLast(chosen, model, stageEnds, 2);
                if (model.hierarchical()) {
                    int stage = stageEnds.size() - 2;
                    chosen.add(stageStarts.get(stage) + model.depths().get(stage) / 2);
                } else {
                    addLast(chosen, model, stageEnds, 3);
                }
            }
            case "stage" -> chosen.addAll(stageEnds);
            case "blocks" -> chosen.addAll(moe.blocks());
            default -> throw new InvalidConfigException("moe.placement", moe.placement(),
                    "one of " + MoeConfig.PLACEMENTS);
        }
        return List.copyOf(chosen);
    }

    private static void addLast(TreeSet<Integer> chosen, ModelConfig model, List<Integer> stageEnds, int count) {
        if (model.hierarchical()) {
            for (int s = Math.max(0, stageEnds.size() - count); s < stageEnds.size(); s++) {
                chosen.add(stageEnds.get(s));
            }
        } else {
            for (int i = Math.max(0, model.blockCount() - count); i < model.blockCount(); i++) {
                chosen.add(i);
            }
        }
    }
}
