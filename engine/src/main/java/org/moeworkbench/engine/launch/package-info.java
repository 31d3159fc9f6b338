/**
 * The top of the engine: picks the runner for a run's kind ({@link org.moeworkbench.engine.launch.Runners}), so
 * callers start and continue any run the same way.
 */
package org.moeworkbench.engine.launch;
