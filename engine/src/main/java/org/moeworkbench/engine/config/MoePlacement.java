package org.moeworkbench.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which blocks get an MoE layer (Sweet Spot section 4.2, Table 3). Global block indices are 0-based.
 * <ul>
 *   <li>{@code every2}: every second block (global indices 1, 3, 5, ...), as in V-MoE;</li>
 *   <li>{@code last2}: hierarchical: the last block of each of the last two stages; isotropic / ViT: the
 *       last two blocks;</li>
 *   <li>{@code last3}: hierarchical: {@code last2} plus the middle block of the third stage; isotropic / ViT:
 *       the last three blocks;</li>
 *   <li>{@code stage}: the last block of every stage (isotropic / ViT: the last block);</li>
 *   <li>{@code blocks}: the explicit list {@code moe.blocks}.</li>
 * </ul>
 */
public final class MoePlacement {

    private MoePlacement() {}

    /** The MoE block indices, empty for a dense model; a block index that does not exist is refused. */
    public static Set<Integer> resolve(ModelConfig model, MoeConfig moe) {
        Set<Integer> chosen = new TreeSet<>();
        if (!moe.enabled()) {
            return chosen;
        }
        int total = model.blockCount();
        List<Integer> stageEnds = new ArrayList<>(); // global index of the last block of each stage
        int end = -1;
        for (int depth : model.depths()) {
            end += depth;
            stageEnds.add(end);
        }
        int stages = stageEnds.size();
        switch (moe.placement()) {
            case EVERY2 -> {
                for (int i = 1; i < total; i += 2) {
                    chosen.add(i);
                }
            }
            case LAST2, LAST3 -> {
                if (model.hierarchical()) {
                    chosen.add(stageEnds.get(stages - 2));
                    chosen.add(stageEnds.get(stages - 1));
                    if (moe.placement() == Placement.LAST3) {
                        int thirdStart = stageEnds.get(stages - 3) + 1;
                        chosen.add(thirdStart + model.depths().get(stages - 2) / 2);
                    }
                } else {
                    int count = moe.placement() == Placement.LAST2 ? 2 : 3;
                    for (int i = Math.max(0, total - count); i < total; i++) {
                        chosen.add(i);
                    }
                }
            }
            case STAGE -> chosen.addAll(stageEnds);
            case BLOCKS -> {
                for (int block : moe.blocks()) {
                    require(
                            block >= 0 && block < total,
                            "moe.blocks",
                            moe.blocks(),
                            "block indices from 0 to " + (total - 1) + " (" + model.preset() + " has " + total
                                    + " blocks)");
                    chosen.add(block);
                }
            }
        }
        return chosen;
    }

    private static void require(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            throw new InvalidConfigException(field, value, allowed);
        }
    }
}
