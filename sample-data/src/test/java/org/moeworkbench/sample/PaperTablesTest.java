package org.moeworkbench.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaperTablesTest {

    @Test
    void everyShippedTableReads() {
        for (String file : PaperTables.FILES) {
            PaperTables.Table table = PaperTables.read(file);
            assertFalse(table.rows().isEmpty(), file);
        }
    }

    @Test
    void quotedCellsKeepTheirCommas() {
        List<List<String>> lines = PaperTables.parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n");
        assertEquals(List.of(List.of("a", "b"), List.of("x, y", "say \"hi\"")), lines);
        Map<String, String> row =
                PaperTables.read("videau_moe_vs_dense_table14.csv").rows().get(1);
        assertEquals("ViT-s/32-32, Last 2", row.get("model"));
        assertTrue(Double.isNaN(PaperTables.Table.number(row, "params_active_m")));
    }

    @Test
    void table14MoeRowsAreRecognised() {
        for (String moe : List.of(
                "ViT-s/32-32, Last 2",
                "ViT-S/16-8 Every 2 Top 2",
                "SwinV2-S-8",
                "ConvNeXt-B-8",
                "V-MoE/14",
                "ConvNeXt-T-8 Last 2 Top 1",
                "\"ViT-B/16, Every 2, Top 2\"")) {
            assertTrue(PaperTables.isMoeName(moe), moe);
        }
        for (String dense :
                List.of("ViT-s/32", "ViT-S/16", "ConvNeXt-T", "SwinV2-S", "ViT-L/16", "SoViT/14", "ViT-g/14")) {
            assertFalse(PaperTables.isMoeName(dense), dense);
        }
        List<PaperTables.Point> points = PaperTables.sweetSpotFigure2();
        assertEquals(34, points.size());
    }

    @Test
    void grossFigure4AndSweetSpotFigure4Points() {
        List<PaperTables.Point> gross = PaperTables.grossFigure4();
        assertEquals(10, gross.size());
        PaperTables.Point moe50 = gross.stream()
                .filter(p -> p.model().equals("ResNet-18 MoE-50"))
                .findFirst()
                .orElseThrow();
        assertEquals(596.7, moe50.paramsM(), 1e-9);
        assertEquals(21.74, moe50.accuracy(), 1e-9);
        assertTrue(moe50.moe());
        List<PaperTables.GainPoint> gains = PaperTables.sweetSpotFigure4();
        PaperTables.GainPoint t = gains.stream()
                .filter(p -> p.model().equals("ConvNeXt-T-8 Last 2 Top 1"))
                .findFirst()
                .orElseThrow();
        assertEquals("ImageNet-21k", t.group());
        assertEquals(82.9, t.denseAccuracy(), 1e-9);
        assertEquals(0.6, t.gain(), 1e-9);
    }
}
