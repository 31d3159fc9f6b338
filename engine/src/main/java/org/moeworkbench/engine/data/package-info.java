/**
 * Datasets: one model ({@link org.moeworkbench.engine.data.ImageDataset} of
 * {@link org.moeworkbench.engine.data.DatasetSplit}s: uint8 CHW images, a class and / or a tag set
 * per image, a SHA-256 content hash), the readers behind
 * {@link org.moeworkbench.engine.data.Datasets#open} (generated sample set, IDX, CIFAR-10/100 binary,
 * image folder + tags CSV, folder per class), and {@link org.moeworkbench.engine.data.BatchStream},
 * which turns a split into seeded, augmented, normalised ND4J batches (uniform or per-tag sampling).
 * Bad input throws {@link org.moeworkbench.engine.data.DatasetException} naming file, record and
 * expectation, unless {@code skipBadRecords} is on, in which case the dataset counts what it skipped.
 */
package org.moeworkbench.engine.data;
