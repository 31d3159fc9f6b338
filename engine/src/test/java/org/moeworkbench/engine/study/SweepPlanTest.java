package org.moeworkbench.engine.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.Placement;

class SweepPlanTest {
    private static final ExperimentConfig BASE = ExperimentConfig.defaultSample();

    private static SweepPlan plan(String... specs) {
        return SweepPlan.of(BASE, Stream.of(specs).map(SweepAxis::parse).toList());
    }

    private static String refused(String... specs) {
        return assertThrows(InvalidSweepException.class, () -> plan(specs)).getMessage();
    }

    @Test
    void parsesTextNumbersAndJsonLists() {
        assertEquals(
                List.of(TextNode.valueOf("every2"), TextNode.valueOf("last2"), TextNode.valueOf("stage")),
                SweepAxis.parse("moe.placement=every2,last2,stage").values());
        assertEquals(
                List.of(IntNode.valueOf(4), IntNode.valueOf(8), IntNode.valueOf(16)),
                SweepAxis.parse("moe.experts=4, 8, 16").values());
        SweepAxis lr = SweepAxis.parse("training.learningRate=1e-3,0.002");
        assertEquals(
                List.of(0.001, 0.002),
                lr.values().stream().map(v -> v.asDouble()).toList());
        SweepAxis blocks = SweepAxis.parse("moe.blocks=[[3,5],[4]]");
        assertEquals(List.of("[3,5]", "[4]"), blocks.labels());
    }

    @Test
    void malformedVaryIsRefused() {
        assertTrue(assertThrows(InvalidSweepException.class, () -> SweepAxis.parse("moe.experts"))
                .getMessage()
                .contains("expected FIELD=VALUE1,VALUE2"));
        assertTrue(assertThrows(InvalidSweepException.class, () -> SweepAxis.parse("moe.experts=4,,8"))
                .getMessage()
                .contains("empty value"));
        assertTrue(assertThrows(InvalidSweepException.class, () -> SweepAxis.parse("moe.experts=4,8,4"))
                .getMessage()
                .contains("the value 4 is given twice"));
    }

    @Test
    void twoByThreeProductInTableOrderWithNamedRuns() {
        SweepPlan plan = plan("moe.placement=every2,last2", "moe.experts=4,8,16");
        assertEquals(6, plan.settings().size());
        assertEquals(List.of("every2", "4"), plan.settings().get(0).labels());
        assertEquals(List.of("every2", "8"), plan.settings().get(1).labels());
        assertEquals(List.of("last2", "16"), plan.settings().get(5).labels());
        ExperimentConfig last = (ExperimentConfig) plan.settings().get(5).config();
        assertEquals(Placement.LAST2, last.moe().placement());
        assertEquals(16, last.moe().experts());
        assertEquals("sample-convnext-moe-last2-16", last.name());
        assertEquals(BASE.training(), last.training(), "everything else is the base config");
        assertEquals(BASE.model(), last.model());
    }

    @Test
    void unknownFieldIsRefusedWithTheFieldsThere() {
        String message = refused("moe.expert=4,8");
        assertTrue(
                message.contains("--vary moe.expert: unknown field \"expert\" in moe; the fields there are "
                        + "balanceWeight, batchPrioritized, blocks, capacityFactor, collapseShare, collapseSteps,"
                        + " expertMlpRatio, expertWeightDecay, experts,"),
                message);
        assertTrue(refused("optimizer.lr=1").contains("unknown field \"optimizer\"; the fields there are augment,"));
        assertTrue(refused("moe=1")
                .contains("that is a section, not a setting; vary one of its fields: " + "moe.balanceWeight"));
        assertTrue(refused("name=a,b").contains("vary a setting instead"));
    }

    @Test
    void invalidValueIsRefusedNamingTheFieldAndTheAllowedValues() {
        String message = refused("moe.placement=every2,diagonal", "moe.experts=4,8");
        assertTrue(
                message.contains(
                        "moe.placement = diagonal is not allowed: one of [every2, last2, last3, stage, blocks]"),
                message);
        assertEquals(1, message.lines().count(), "one problem, reported once for all its settings: " + message);
        assertTrue(
                refused("moe.experts=4,many").contains("--vary moe.experts: \"many\" is not allowed: a whole number"));
        assertTrue(refused("moe.routerNoise=0.1,yes").contains("\"yes\" is not allowed: a number"));
        assertTrue(refused("moe.blocks=3").contains("is not allowed: a JSON list like []"));
    }

    @Test
    void everyCombinationIsValidatedUpFront() {
        // topK 2 with 1 expert is invalid; each axis alone is fine.
        String message = refused("moe.experts=1,4", "moe.topK=1,2");
        assertTrue(
                message.startsWith("setting moe.experts=1, moe.topK=2: moe.topK = 2 is not allowed: "
                        + "1 <= topK <= experts (1)"),
                message);
        // a placement that chooses no block of a one-stage model's... here: a block index out of range
        String blocks = refused("moe.placement=blocks", "moe.blocks=[[1],[99]]");
        assertTrue(blocks.contains("moe.blocks[0] = 99 is not allowed: a block index from 0 to 5"), blocks);
    }

    @Test
    void oneOrTwoAxes() {
        assertEquals(3, plan("moe.router=linear,cosine,l2").settings().size());
        assertTrue(refused("moe.experts=4", "moe.topK=1", "moe.router=l2").contains("one or two settings"));
        assertTrue(refused("moe.experts=4", "moe.experts=8").contains("given twice"));
    }

    @Test
    void seedsAreACountFromTheBaseSeedOrAList() {
        assertEquals(List.of(42L, 43L, 44L), SweepPlan.parseSeeds("3", 42));
        assertEquals(List.of(1L, 5L), SweepPlan.parseSeeds("1, 5", 42));
        InvalidSweepException e = assertThrows(InvalidSweepException.class, () -> SweepPlan.parseSeeds("three", 42));
        assertTrue(e.getMessage().contains("expected a count"), e.getMessage());
        assertThrows(InvalidSweepException.class, () -> SweepPlan.parseSeeds("0", 42));
    }

    @Test
    void seedsCannotBeGivenTwiceOrRepeat() {
        InvalidSweepException twice = assertThrows(
                InvalidSweepException.class,
                () -> SweepPlan.of(BASE, List.of(SweepAxis.parse("seed=1,2")), List.of(3L)));
        assertTrue(twice.getMessage().contains("either --seeds or --vary seed"), twice.getMessage());
        InvalidSweepException repeat = assertThrows(
                InvalidSweepException.class,
                () -> SweepPlan.of(BASE, List.of(SweepAxis.parse("moe.experts=2,4")), List.of(3L, 3L)));
        assertTrue(repeat.getMessage().contains("repeat a seed"), repeat.getMessage());
    }
}
