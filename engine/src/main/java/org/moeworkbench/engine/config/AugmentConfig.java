package org.moeworkbench.engine.config;

/**
 * Training-time augmentation, seeded from the experiment seed.
 *
 * @param horizontalFlip flip each image left-right with probability 0.5
 * @param cropPadding    pad by this many pixels (reflect) and crop back at a random offset; 0 = off
 * @param mixupAlpha     Beta(alpha, alpha) Mixup; 0 = off
 * @param cutmixAlpha    Beta(alpha, alpha) CutMix; 0 = off (with both on, each batch picks one)
 */
public record AugmentConfig(boolean horizontalFlip, int cropPadding, double mixupAlpha, double cutmixAlpha) {
    public AugmentConfig {
        InvalidConfigException.require(cropPadding >= 0, "augment.cropPadding", cropPadding, "0 or more pixels");
        InvalidConfigException.require(mixupAlpha >= 0, "augment.mixupAlpha", mixupAlpha, "0 (off) or more");
        InvalidConfigException.require(cutmixAlpha >= 0, "augment.cutmixAlpha", cutmixAlpha, "0 (off) or more");
    }

    public static AugmentConfig none() {
        return new AugmentConfig(false, 0, 0, 0);
    }

    /** Left-right flips only: what the default's short schedule learns fastest with (crops cost it 4 points). */
    public static AugmentConfig flipOnly() {
        return new AugmentConfig(true, 0, 0, 0);
    }

    public static AugmentConfig flipAndCrop() {
        return new AugmentConfig(true, 4, 0, 0);
    }
}
