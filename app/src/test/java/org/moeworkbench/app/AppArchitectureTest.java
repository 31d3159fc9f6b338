package org.moeworkbench.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The app is organised by feature (designer, queue, runs, run, compare, pareto, routing), each package holding its
 * view (a class named {@code ...View}) and its view-model; {@code fx} holds JavaFX widgets the views share, {@code
 * common} what the view-models share. MVVM: only views, the shared widgets and the application class touch the scene
 * graph, so every view-model is tested without a screen.
 */
@AnalyzeClasses(packages = "org.moeworkbench.app", importOptions = ImportOption.DoNotIncludeTests.class)
class AppArchitectureTest {

    private static final String[] FEATURES = {
        "..app.designer..",
        "..app.queue..",
        "..app.runs..",
        "..app.run..",
        "..app.compare..",
        "..app.pareto..",
        "..app.routing..",
        "..app.common..",
        "..app.process..",
        "..app.help.."
    };

    @ArchTest
    static final ArchRule viewModelsHaveNoScene = noClasses()
            .that()
            .resideInAnyPackage(FEATURES)
            .and()
            .haveSimpleNameNotEndingWith("View")
            .and(notNestedInAView())
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx.scene..", "javafx.stage..", "org.jfree.chart.fx..", "..app.fx..")
            .orShould()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("View")
            .because("view-models are tested without a UI: only classes named ...View touch the scene graph");

    @ArchTest
    static final ArchRule sharedCodeKnowsNoFeature = noClasses()
            .that()
            .resideInAnyPackage("..app.fx..", "..app.common..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..app.designer..",
                    "..app.runs..",
                    "..app.run..",
                    "..app.compare..",
                    "..app.pareto..",
                    "..app.routing..",
                    "..app.help..")
            .because("shared widgets and helpers are the bottom of the app; a feature depends on them, not the"
                    + " other way round");

    private static com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass>
            notNestedInAView() {
        return com.tngtech.archunit.base.DescribedPredicate.describe(
                "are not nested in a view",
                c -> !c.getName().replaceAll("\\$.*", "").endsWith("View"));
    }

    @ArchTest
    static final ArchRule viewModelsComputeNoFigureOfTheirOwn = noClasses()
            .that()
            .resideInAPackage("..app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("smile..")
            .because("analysis lives in the engine; the app only shows it");

    @ArchTest
    static final ArchRule appDoesNotRunTheCli = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.moeworkbench.cli..", "picocli..")
            .because("the app starts trainings through the engine's runner and listener, not by parsing "
                    + "command lines; only its tests use the CLI to make runs as a user would");
}
