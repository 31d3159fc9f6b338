package org.moeworkbench.app.designer;

import java.util.function.IntConsumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.moeworkbench.engine.layout.BackboneLayout;

/** The network as blocks by stage; MoE blocks are orange; clicking a block toggles its MoE layer. */
final class BlockDiagramView extends VBox {
    private final HBox stages = new HBox(10);
    private final IntConsumer onToggle;
    private final Label hint = new Label();
    /** The hard-MoE family: the diagram is the trunk, whose blocks have no MoE layer to toggle. */
    private boolean trunk;

    BlockDiagramView(IntConsumer onToggle) {
        super(6);
        this.onToggle = onToggle;
        showTrunk(false);
        hint.setWrapText(true);
        stages.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(hint, stages);
        setPadding(new Insets(6));
        setStyle("-fx-border-color: #bbb; -fx-border-radius: 4;");
    }

    /** Says what the diagram is: the sparse network (blocks toggle their MoE layer) or a hard MoE's trunk. */
    void showTrunk(boolean hardMoeTrunk) {
        trunk = hardMoeTrunk;
        hint.setText(
                hardMoeTrunk
                        ? "Trunk: stem -> blocks by stage -> head. Each expert is a copy of it, trained on one K-means cluster."
                        : "Network: stem -> blocks by stage -> head. Orange = MoE layer replaces the MLP."
                                + " Click a block to toggle it.");
    }

    void show(BackboneLayout layout) {
        stages.getChildren().clear();
        if (layout == null) {
            return;
        }
        stages.getChildren().add(box("stem", "#ddd"));
        int stageCount = layout.model().depths().size();
        for (int s = 0; s < stageCount; s++) {
            FlowPane blocks = new FlowPane(3, 3);
            blocks.setPrefWrapLength(
                    Math.min(8, Math.max(2, layout.model().depths().get(s))) * 72);
            for (BackboneLayout.Block block : layout.blocks()) {
                if (block.stage() != s) {
                    continue;
                }
                Button b = new Button((block.moe() ? "MoE " : "") + block.index());
                b.setId("block-" + block.index());
                b.setMinWidth(44);
                b.setStyle(
                        block.moe()
                                // dark text on the fixed light fills, in the dark theme too
                                ? "-fx-background-color: #f39c12; -fx-font-weight: bold; -fx-text-fill: #111;"
                                : "-fx-background-color: #cfe2f3; -fx-text-fill: #111;");
                b.setTooltip(new Tooltip("block " + block.index() + ", stage " + s + ": width " + block.dim() + ", "
                        + block.side() + "x" + block.side() + " grid, " + block.tokens() + " tokens, "
                        + (block.moe()
                                ? "MoE: " + layout.moe().experts() + " experts of hidden " + block.hidden() + ", top-"
                                        + layout.moe().topK()
                                : "dense MLP of hidden " + block.hidden())));
                int index = block.index();
                b.setOnAction(e -> onToggle.accept(index));
                b.setMouseTransparent(trunk); // a trunk block has no MoE layer to toggle
                blocks.getChildren().add(b);
            }
            VBox stage = new VBox(
                    2, new Label("stage " + s + " (" + layout.model().dims().get(s) + " ch)"), blocks);
            stages.getChildren().add(stage);
        }
        stages.getChildren().add(box("head", "#ddd"));
    }

    private static Label box(String text, String colour) {
        Label l = new Label(text);
        l.setPadding(new Insets(6));
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.setStyle("-fx-background-color: " + colour + "; -fx-text-fill: #111;");
        return l;
    }
}
