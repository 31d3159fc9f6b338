package org.moeworkbench.engine.config;

/** Which blocks get an MoE layer (Sweet Spot paper): every second block, the last two, the last three, the last stage, or chosen blocks. */
public enum Placement implements ConfigChoice {
    EVERY2,
    LAST2,
    LAST3,
    STAGE,
    BLOCKS;

    @Override
    public String toString() {
        return jsonName();
    }
}
