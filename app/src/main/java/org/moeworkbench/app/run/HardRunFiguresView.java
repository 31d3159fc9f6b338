package org.moeworkbench.app.run;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.layout.VBox;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.app.fx.FigurePane;

/** The tabs of a hard-MoE run: cluster image grid (Gross Table 3), tags over clusters (Table 6), sizes, sparsity. */
final class HardRunFiguresView {
    private HardRunFiguresView() {}

    static List<Tab> tabs(HardRunFiguresModel model) {
        List<Tab> tabs = new ArrayList<>();
        if (!model.clustered()) {
            tabs.add(new Tab(
                    "Clusters",
                    Charts.message("The gater has not run yet (no cluster assignments):"
                            + " nothing to show until the run clusters its trunk features.")));
            return tabs;
        }
        tabs.add(new Tab("Cluster images", new FigurePane(model.clusterGrid(10))));
        tabs.add(new Tab("Tags over clusters", tagsOverClusters(model)));
        tabs.add(new Tab(
                "Cluster sizes",
                Charts.grid(new FigurePane(model.clusterSizes()), new FigurePane(model.sparsityVsQ10()))));
        return tabs;
    }

    private static Node tagsOverClusters(HardRunFiguresModel model) {
        ListView<String> tags = new ListView<>();
        tags.getItems().setAll(model.tagsByFrequency());
        tags.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        FigurePane pane = new FigurePane(model.tagOverClusters(List.of()));
        tags.getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<String>)
                c -> pane.setFigure(model.tagOverClusters(
                        List.copyOf(tags.getSelectionModel().getSelectedItems()))));
        Label hint = new Label("Pick tags (Ctrl-click for several); none picked: the 4 most frequent.");
        hint.setWrapText(true);
        VBox left = new VBox(4, hint, tags);
        VBox.setVgrow(tags, javafx.scene.layout.Priority.ALWAYS);
        SplitPane split = new SplitPane(left, pane);
        split.setDividerPositions(0.2);
        return split;
    }
}
