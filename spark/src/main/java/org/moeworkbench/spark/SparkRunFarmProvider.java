package org.moeworkbench.spark;

import org.moeworkbench.engine.launch.Farm;

/** Found by the CLI through ServiceLoader when the Spark build is on the class path. */
public final class SparkRunFarmProvider implements Farm.Provider {
    @Override
    public Farm open(String master, String applicationName) {
        return SparkRunFarm.open(master, applicationName);
    }
}
