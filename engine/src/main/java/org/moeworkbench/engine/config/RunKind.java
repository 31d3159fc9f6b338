package org.moeworkbench.engine.config;

/**
 * What a run trains: a dense backbone, a backbone with sparse top-k MoE layers, or a hard mixture of experts (a
 * trunk, a clustering gater and one expert per cluster). Written as {@code "dense"}, {@code "sparse-moe"}, {@code
 * "hard-moe"} in provenance.json and the run summaries.
 */
public enum RunKind implements ConfigChoice {
    DENSE("dense"),
    SPARSE_MOE("sparse MoE"),
    HARD_MOE("hard MoE");

    private final String label;

    RunKind(String label) {
        this.label = label;
    }

    /** How tables and legends name the kind ("sparse MoE"). */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return jsonName();
    }
}
